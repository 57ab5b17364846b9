package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/confer-nhs/confer/server/web"
)

// auditVerify walks the audit trail's hash chain in the database the server uses. When
// it holds, it prints one line with the row count and the head hash (record that
// elsewhere: only a recorded head shows a rewrite of the whole table, or deleted newest
// rows); when it breaks, it returns an error naming the first broken row and why, so the
// command exits non-zero.
func auditVerify(cfg web.Config, out io.Writer) error {
	ctx := context.Background()
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := store.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if b := res.Break; b != nil {
		return fmt.Errorf("audit chain broken at row %d (%s, %s): %s", b.Row.ID,
			b.Row.At.UTC().Format(time.RFC3339), b.Row.Action, b.Reason)
	}
	if res.Rows == 0 {
		fmt.Fprintln(out, "0 rows, chain intact (the audit trail is empty)")
		return nil
	}
	fmt.Fprintf(out, "%d rows, chain intact (rows %d to %d; head hash %s)\n", res.Rows, res.FirstID, res.HeadID, res.HeadHash)
	return nil
}
