package store

import (
	"container/list"
	"context"
	"database/sql/driver"
	"reflect"
	"sync"
)

// maxCachedStmts bounds the prepared statements one connection keeps: more than the
// queries folkmoot has, so each is parsed once per connection, while SQL built at run time
// cannot grow the cache without end.
const maxCachedStmts = 512

// stmtCacheConnector opens connections that keep their prepared statements. SQLite parses
// and plans a statement on every call otherwise, which was a quarter of the cost of firing
// a scheduled job; caching below database/sql serves every Querier, a *sql.Tx included,
// without changing a single query function.
type stmtCacheConnector struct{ driver.Connector }

// Connect opens a connection and gives it a statement cache.
func (c stmtCacheConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if inner, ok := conn.(sqliteConn); ok {
		return &cachingConn{sqliteConn: inner, stmts: map[string]*list.Element{}, lru: list.New()}, nil
	}
	return conn, nil // a driver without the context methods: no cache rather than a crippled one
}

// sqliteConn is what modernc.org/sqlite's connections offer and database/sql looks for;
// the wrapper forwards all of it, or database/sql would fall back to context-free calls.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachedStmt is one statement prepared on a connection; busy while rows read from it.
type cachedStmt struct {
	query string
	stmt  driver.Stmt
	busy  bool
}

// cachingConn is a connection that reuses its prepared statements. database/sql never uses
// one connection from two goroutines at once; the mutex only guards against that changing.
type cachingConn struct {
	sqliteConn
	mu    sync.Mutex
	stmts map[string]*list.Element // of *cachedStmt, most recently used at the front
	lru   *list.List
}

// Unwrap lets modernc.org/sqlite's helpers (sqlite.Limit) reach the driver's connection.
func (c *cachingConn) Unwrap() driver.Conn { return c.sqliteConn }

// take returns the cached statement for query, preparing it on first use, and marks it
// busy; nil (and no error) when rows are still being read from it, so the caller runs the
// query on its own statement instead of resetting the one in use.
func (c *cachingConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.stmts[query]; ok {
		cs := e.Value.(*cachedStmt)
		if cs.busy {
			return nil, nil
		}
		c.lru.MoveToFront(e)
		cs.busy = true
		return cs, nil
	}
	st, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	_, execs := st.(driver.StmtExecContext)
	_, queries := st.(driver.StmtQueryContext)
	if !execs || !queries {
		st.Close()
		return nil, nil
	}
	cs := &cachedStmt{query: query, stmt: st, busy: true}
	c.stmts[query] = c.lru.PushFront(cs)
	c.evict()
	return cs, nil
}

// evict closes the least recently used statements beyond maxCachedStmts that are not busy.
func (c *cachingConn) evict() {
	for e := c.lru.Back(); e != nil && c.lru.Len() > maxCachedStmts; {
		prev := e.Prev()
		if cs := e.Value.(*cachedStmt); !cs.busy {
			c.lru.Remove(e)
			delete(c.stmts, cs.query)
			cs.stmt.Close()
		}
		e = prev
	}
}

// release makes a statement available again.
func (c *cachingConn) release(cs *cachedStmt) {
	c.mu.Lock()
	cs.busy = false
	c.mu.Unlock()
}

// statementContext is the context a statement runs under: the caller's values without its
// end. modernc.org/sqlite starts a goroutine for every statement whose context can end, to
// interrupt it; every event's context has its time bound, and that goroutine was a good part
// of what a statement cost. A statement here takes milliseconds; the bound is still checked
// between statements (database/sql refuses a new one once the context has ended, and rolls
// the transaction back).
func statementContext(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// BeginTx begins a transaction under statementContext too: modernc.org/sqlite keeps the
// context it is given for the BEGIN and the COMMIT, and would start a goroutine for each.
// database/sql still rolls the transaction back when the caller's context ends.
func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.sqliteConn.BeginTx(statementContext(ctx), opts)
}

// ExecContext runs query on its cached statement.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	ctx = statementContext(ctx)
	cs, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	defer c.release(cs)
	return cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// QueryContext runs query on its cached statement; the statement stays busy until the rows
// are closed.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	ctx = statementContext(ctx)
	cs, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.release(cs)
		return nil, err
	}
	return &cachedRows{Rows: rows, release: func() { c.release(cs) }}, nil
}

// Close finalizes the cached statements before the connection, which must outlive them.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	for e := c.lru.Front(); e != nil; e = e.Next() {
		e.Value.(*cachedStmt).stmt.Close()
	}
	c.stmts, c.lru = map[string]*list.Element{}, list.New()
	c.mu.Unlock()
	return c.sqliteConn.Close()
}

// cachedRows are rows read from a cached statement; closing them frees the statement.
type cachedRows struct {
	driver.Rows
	release func()
}

// Close resets the statement (the driver does that for a reused one) and frees it.
func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if r.release != nil {
		r.release()
		r.release = nil
	}
	return err
}

// The column type methods are forwarded, so rows.ColumnTypes says what the driver knows.

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *cachedRows) ColumnTypeNullable(i int) (bool, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
