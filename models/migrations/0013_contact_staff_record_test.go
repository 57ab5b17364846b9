package migrations_test

import (
	"context"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestMigration0013 moves a database holding a contact made before 0013 forward: the
// contact keeps everything and has an empty area of work and external id, which a new
// import fills. Rolled back, the columns go and the contact (and the unique email)
// stays; it migrates again.
func TestMigration0013(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t)
	ctx, db := context.Background(), st.DB
	before := migrations.Before("0013_contact_staff_record")
	if err := migrations.Migrator(db).RollbackTo(before); err != nil {
		t.Fatalf("rollback to %s: %v", before, err)
	}
	now := time.Now().UTC()
	if err := db.Exec(`INSERT INTO contacts (email, name, staff_group, job_role, suppressed, created_at, updated_at)
		VALUES ('old@trust.example', 'Old Contact', 'Other', 'Porter', '', ?, ?)`, now, now).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatalf("migrate forward: %v", err)
	}
	list, _, err := people.Of(st).ListContacts(ctx, people.ContactFilter{Query: "old@"}, models.Page{Page: 1, PerPage: 10})
	if err != nil || len(list) != 1 || list[0].Name != "Old Contact" || list[0].AreaOfWork != "" || list[0].ExternalID != "" {
		t.Fatalf("old contact after 0013: %+v, %v", list, err)
	}
	if _, err := people.Of(st).ImportContacts(ctx, []byte("Email,Area of Work,Employee Number\nold@trust.example,Portering,42\n")); err != nil {
		t.Fatal(err)
	}
	list, _, _ = people.Of(st).ListContacts(ctx, people.ContactFilter{Query: "old@"}, models.Page{Page: 1, PerPage: 10})
	if list[0].AreaOfWork != "Portering" || list[0].ExternalID != "42" || list[0].JobRole != "Porter" {
		t.Fatalf("re-import after 0013: %+v", list[0])
	}
	if err := migrations.Migrator(db).RollbackTo(before); err != nil {
		t.Fatalf("roll 0013 back: %v", err)
	}
	if db.Migrator().HasColumn("contacts", "area_of_work") || db.Migrator().HasColumn("contacts", "external_id") {
		t.Fatal("rollback left 0013's columns")
	}
	var n int64
	db.Table("contacts").Where("email = ?", "old@trust.example").Count(&n)
	if n != 1 {
		t.Fatalf("rollback lost the contact: %d", n)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatalf("migrate forward again: %v", err)
	}
	// The unique email the import upserts on survived the round trip.
	if res, err := people.Of(st).ImportContacts(ctx, []byte("email\nOLD@trust.example\n")); err != nil || res.Updated != 1 {
		t.Fatalf("import after the round trip: %+v, %v", res, err)
	}
}
