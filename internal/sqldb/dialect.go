package sqldb

// dialect holds what differs between SQLite and PostgreSQL SQL text. Query
// code calls its methods; it never switches on the driver.
type dialect interface {
	name() string
	// ilike returns a case-insensitive LIKE of col against placeholder arg.
	ilike(col, arg string) string
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }
func (sqliteDialect) ilike(col, arg string) string {
	return "lower(" + col + ") LIKE lower(" + arg + ")"
}

type postgresDialect struct{}

func (postgresDialect) name() string                 { return "postgres" }
func (postgresDialect) ilike(col, arg string) string { return col + " ILIKE " + arg }
