package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A value read from SQLite is an int64, a float64, a string, a []byte, a time.Time (a column
// declared as a time, which the driver parses) or nil, whatever the column's declared type.
// toPostgresValue turns it into what the target column takes, by the column's type on
// PostgreSQL (information_schema's data_type): folkmoot's INTEGER/TEXT/REAL/BLOB columns
// take it as it is; Matrix's stores have booleans (0/1 in SQLite), bytea, timestamps
// (text in SQLite), jsonb and an enum.

// toPostgresValue converts v for a column of type typ; replaced tells that text had bytes
// PostgreSQL's text refuses, stored with U+FFFD instead (as pgArgs does).
func toPostgresValue(typ string, v any) (any, bool, error) {
	if v == nil {
		return nil, false, nil
	}
	switch {
	case typ == "boolean":
		switch x := v.(type) {
		case int64:
			return x != 0, false, nil
		case float64:
			return x != 0, false, nil
		case string, []byte:
			b, err := strconv.ParseBool(strings.TrimSpace(asString(x)))
			return b, false, err
		}
	case typ == "bigint" || typ == "integer" || typ == "smallint":
		switch x := v.(type) {
		case int64:
			return x, false, nil
		case float64:
			if x == math.Trunc(x) {
				return int64(x), false, nil
			}
		case string, []byte:
			n, err := strconv.ParseInt(strings.TrimSpace(asString(x)), 10, 64)
			return n, false, err
		}
	case typ == "double precision" || typ == "real" || typ == "numeric":
		switch x := v.(type) {
		case int64:
			return float64(x), false, nil
		case float64:
			return x, false, nil
		case string, []byte:
			f, err := strconv.ParseFloat(strings.TrimSpace(asString(x)), 64)
			return f, false, err
		}
	case typ == "bytea":
		switch x := v.(type) {
		case []byte:
			return x, false, nil
		case string:
			return []byte(x), false, nil
		}
	case strings.HasPrefix(typ, "timestamp") || typ == "date":
		switch x := v.(type) {
		case time.Time:
			return x.Truncate(time.Microsecond), false, nil
		case string, []byte:
			t, err := parseSQLiteTime(asString(x))
			return t.Truncate(time.Microsecond), false, err
		case int64: // unix seconds, as SQLite's unixepoch() gives
			return time.Unix(x, 0).UTC(), false, nil
		}
	case typ == "json" || typ == "jsonb":
		s := asString(v)
		if !json.Valid([]byte(s)) {
			return nil, false, fmt.Errorf("%.40q is not JSON", s)
		}
		return s, false, nil
	default: // text, character, character varying, an enum
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			s = string(x)
		case int64:
			s = strconv.FormatInt(x, 10)
		case float64:
			s = strconv.FormatFloat(x, 'g', -1, 64)
		case time.Time:
			s = x.Format(sqliteTimeLayouts[0])
		default:
			return v, false, nil
		}
		if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
			return s, false, nil
		}
		return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD"), true, nil
	}
	return nil, false, fmt.Errorf("a %T (%.40v) does not fit PostgreSQL's %s", v, v, typ)
}

func asString(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	s, _ := v.(string)
	return s
}

// sqliteTimeLayouts are the other ways SQLite's date functions and Go's drivers write a time.
var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseSQLiteTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " m="); i >= 0 { // time.Time.String's monotonic clock reading
		s = s[:i]
	}
	// time.Time.String, which modernc's driver writes by default.
	if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", s); err == nil {
		return t, nil
	}
	for _, layout := range sqliteTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time", s)
}

// textType tells whether a PostgreSQL column type holds text (ordered by collation).
func textType(typ string) bool {
	switch {
	case typ == "text" || typ == "character" || typ == "character varying" || typ == "name":
		return true
	case typ == "boolean" || typ == "bytea" || typ == "json" || typ == "jsonb" || typ == "date" ||
		typ == "bigint" || typ == "integer" || typ == "smallint" || typ == "double precision" ||
		typ == "real" || typ == "numeric" || strings.HasPrefix(typ, "timestamp"):
		return false
	}
	return false // an enum orders by its declaration: none is part of a key copied here
}

// rowHash accumulates a table's checksum: each value written with its kind and length, in
// the form it has on PostgreSQL, so the file's converted rows and the target's read-back rows
// hash alike exactly when they hold the same values in the same order.
type rowHash struct {
	buf  bytes.Buffer
	rows int64
}

func (h *rowHash) value(typ string, v any) {
	b := &h.buf
	switch x := v.(type) {
	case nil:
		b.WriteByte('N')
	case bool:
		b.WriteByte('I')
		if x {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	case int64:
		b.WriteByte('I')
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteByte('F')
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case time.Time:
		b.WriteByte('D')
		if typ == "timestamp with time zone" {
			x = x.UTC()
		}
		// timestamp without time zone keeps the wall clock, as pgx writes it.
		b.WriteString(x.Format("2006-01-02 15:04:05.000000"))
	case string:
		h.text(typ, x)
	case []byte:
		if typ == "bytea" {
			b.WriteByte('B')
			h.length(len(x))
			b.Write(x)
		} else {
			h.text(typ, string(x))
		}
	default:
		fmt.Fprintf(b, "?%v", x)
	}
	b.WriteByte(0)
}

func (h *rowHash) text(typ, s string) {
	switch typ {
	case "json", "jsonb": // jsonb keeps its own spacing and key order
		var v any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			if canon, err := json.Marshal(v); err == nil {
				s = string(canon)
			}
		}
	case "character": // char(n) pads with spaces, which do not count
		s = strings.TrimRight(s, " ")
	}
	h.buf.WriteByte('T')
	h.length(len(s))
	h.buf.WriteString(s)
}

func (h *rowHash) length(n int) {
	var l [binary.MaxVarintLen64]byte
	h.buf.Write(l[:binary.PutUvarint(l[:], uint64(n))])
}

// checksum reads every row of a query (the table's columns in key order) and hashes them,
// each value through conv first.
func checksum(rows *sql.Rows, t table, conv func(typ string, v any) (any, error)) (string, int64, error) {
	defer rows.Close()
	sum := sha256.New()
	var h rowHash
	vals := make([]any, len(t.columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", 0, err
		}
		h.buf.Reset()
		for i, c := range t.columns {
			v, err := conv(t.types[c], vals[i])
			if err != nil {
				return "", 0, fmt.Errorf("column %s: %w", c, err)
			}
			h.value(t.types[c], v)
		}
		h.buf.WriteByte('\n')
		sum.Write(h.buf.Bytes())
		h.rows++
	}
	if err := rows.Err(); err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(sum.Sum(nil)), h.rows, nil
}

// sqliteChecksum is the checksum of the file's rows of t, as they are sent to PostgreSQL.
func sqliteChecksum(ctx context.Context, src *sql.DB, t table) (string, int64, error) {
	rows, err := src.QueryContext(ctx, selectOrdered(t, SQLite))
	if err != nil {
		return "", 0, err
	}
	return checksum(rows, t, func(typ string, v any) (any, error) {
		out, _, err := toPostgresValue(typ, v)
		return out, err
	})
}

// postgresChecksum is the checksum of the target's rows of t, as read back.
func postgresChecksum(ctx context.Context, q Querier, t table) (string, int64, error) {
	rows, err := q.QueryContext(ctx, selectOrdered(t, Postgres))
	if err != nil {
		return "", 0, err
	}
	return checksum(rows, t, func(_ string, v any) (any, error) { return v, nil })
}
