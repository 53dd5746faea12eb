package sqldb

// dialect holds what differs between SQLite and PostgreSQL SQL text. Query
// code calls its methods; it never switches on the driver.
type dialect interface {
	name() string
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }
