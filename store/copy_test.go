package store

import (
	"strings"
	"testing"
	"time"
)

// TestToPostgresValue: what SQLite gives, by PostgreSQL's column type (Matrix's stores have
// booleans, bytea, timestamps, jsonb and an enum; folkmoot's own are INTEGER, TEXT, REAL, BLOB).
func TestToPostgresValue(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	tests := []struct {
		typ      string
		in       any
		want     any
		replaced bool
		err      string
	}{
		{typ: "bigint", in: int64(42), want: int64(42)},
		{typ: "smallint", in: float64(3), want: int64(3)},
		{typ: "bigint", in: "17", want: int64(17)},
		{typ: "bigint", in: 1.5, err: "does not fit"},
		{typ: "boolean", in: int64(1), want: true},
		{typ: "boolean", in: int64(0), want: false},
		{typ: "boolean", in: "true", want: true},
		{typ: "double precision", in: int64(2), want: float64(2)},
		{typ: "bytea", in: "raw", want: []byte("raw")},
		{typ: "text", in: "Zoë 🌻 رێزان", want: "Zoë 🌻 رێزان"},
		{typ: "text", in: []byte("bytes"), want: "bytes"},
		{typ: "text", in: int64(7), want: "7"},
		{typ: "text", in: "a\x00b\xff", want: "a\uFFFDb\uFFFD", replaced: true},
		{typ: "membership", in: "join", want: "join"},
		{typ: "jsonb", in: `{"a": 1}`, want: `{"a": 1}`},
		{typ: "jsonb", in: `{"a": `, err: "not JSON"},
		{typ: "timestamp without time zone", in: time.Date(2026, 11, 25, 10, 0, 0, 123456789, berlin),
			want: time.Date(2026, 11, 25, 10, 0, 0, 123456000, berlin)},
		{typ: "timestamp without time zone", in: "2026-11-25 10:00:00.5 +0100 CET m=+0.01",
			want: time.Date(2026, 11, 25, 10, 0, 0, 500000000, berlin)},
		{typ: "timestamp without time zone", in: "yesterday", err: "not a time"},
		{typ: "text", in: nil, want: nil},
	}
	for _, tt := range tests {
		got, replaced, err := toPostgresValue(tt.typ, tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s %#v: error %v, want %q", tt.typ, tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %#v: %v", tt.typ, tt.in, err)
			continue
		}
		if tm, ok := tt.want.(time.Time); ok {
			if g, ok := got.(time.Time); !ok || !g.Equal(tm) {
				t.Errorf("%s %#v: got %v, want %v", tt.typ, tt.in, got, tm)
			}
		} else if b, ok := tt.want.([]byte); ok {
			if g, ok := got.([]byte); !ok || string(g) != string(b) {
				t.Errorf("%s %#v: got %#v, want %#v", tt.typ, tt.in, got, b)
			}
		} else if got != tt.want {
			t.Errorf("%s %#v: got %#v, want %#v", tt.typ, tt.in, got, tt.want)
		}
		if replaced != tt.replaced {
			t.Errorf("%s %#v: replaced %v, want %v", tt.typ, tt.in, replaced, tt.replaced)
		}
	}
}

// TestRowHashAgreesAcrossStores: a row as converted from SQLite and as PostgreSQL gives it
// back hash alike: jsonb's own spacing and key order, char(n)'s padding, a boolean against its
// 0/1, a timestamp's wall clock.
func TestRowHashAgreesAcrossStores(t *testing.T) {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	types := []string{"jsonb", "character", "boolean", "timestamp without time zone", "bytea", "text"}
	lite := []any{`{"users": {"@ana:example.org": 100}, "ban": 50}`, "key43", true, at, []byte{0, 1}, "Zoë"}
	pg := []any{[]byte(`{"ban": 50, "users": {"@ana:example.org": 100}}`), "key43   ", true,
		time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), []byte{0, 1}, "Zoë"}
	var a, b rowHash
	for i, typ := range types {
		a.value(typ, lite[i])
		b.value(typ, pg[i])
	}
	if a.buf.String() != b.buf.String() {
		t.Errorf("the row hashes differ:\n%q\n%q", a.buf.String(), b.buf.String())
	}
	var c rowHash
	c.value("text", "Zoe")
	if c.buf.String() == (&rowHash{}).buf.String() {
		t.Error("an empty hash")
	}
}

// TestCopyOrder puts parents first and refuses tables whose keys point at each other.
func TestCopyOrder(t *testing.T) {
	got, err := copyOrder([]table{
		{name: "ballots", parents: []string{"votes", "members"}},
		{name: "members"},
		{name: "votes", parents: []string{"rooms"}},
		{name: "rooms"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range got {
		names = append(names, tb.name)
	}
	if strings.Join(names, " ") != "members rooms votes ballots" {
		t.Errorf("order: %v", names)
	}
	if _, err := copyOrder([]table{{name: "a", parents: []string{"b"}}, {name: "b", parents: []string{"a"}}}); err == nil {
		t.Error("a cycle was given an order")
	}
}
