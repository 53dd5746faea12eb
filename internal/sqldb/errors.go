package sqldb

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"nscl/internal/fault"
)

// translate turns a driver error into a fault kind, keeping it as the cause.
// op names the operation for logs, e.g. "create user".
func translate(err error, op string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &fault.Error{Kind: fault.NotFound, Op: op, Err: err,
			Message: fault.Text{Vi: "Không tìm thấy dữ liệu.", En: "Not found."}}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &fault.Error{Kind: fault.Conflict, Op: op, Err: err,
				Message: fault.Text{Vi: "Dữ liệu đã tồn tại.", En: "This already exists."}}
		case "23503":
			return &fault.Error{Kind: fault.Invalid, Op: op, Err: err,
				Message: fault.Text{Vi: "Dữ liệu tham chiếu không tồn tại.", En: "A referenced record does not exist."}}
		}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &fault.Error{Kind: fault.Conflict, Op: op, Err: err,
				Message: fault.Text{Vi: "Dữ liệu đã tồn tại.", En: "This already exists."}}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &fault.Error{Kind: fault.Invalid, Op: op, Err: err,
				Message: fault.Text{Vi: "Dữ liệu tham chiếu không tồn tại.", En: "A referenced record does not exist."}}
		}
	}
	return fmt.Errorf("sqldb: %s: %w", op, err)
}
