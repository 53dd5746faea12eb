package sqldb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// TestContestStore_Honours pins the honour roll's store on both databases:
// the filters (year, contest, organiser, public on a day: published and not
// hidden), the order, the lookup by slug, the optimistic lock of an edit,
// the photo's bytes and the open contests.
func TestContestStore_Honours(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Contest()
		es := []*registry.Enterprise{{TaxCode: "0312345678", Name: "Công ty TNHH Dệt Thử", ProvinceCode: "79"},
			{TaxCode: "0101234567", Name: "Công ty CP Cơ khí Hà Nội", ProvinceCode: "01"}}
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		c := newTestContest("HCM-2026")
		c.ProvinceCode = "79"
		if err := st.CreateContest(ctx, c); err != nil {
			t.Fatal(err)
		}
		d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, vn.Zone) }
		mk := func(year, rank int, ent registry.EnterpriseID, title, slug string, cid contest.ContestID, pub time.Time, hidden bool) *contest.Honour {
			h := &contest.Honour{Year: year, Kind: contest.EntryEnterprise, EnterpriseID: ent, Title: title, Award: "Giải Vàng",
				ContestID: cid, Rank: rank, Slug: slug, PublishedOn: pub, Hidden: hidden,
				KPIs: []contest.EntryKPI{{Name: "Năng suất", Unit: "%", Before: 10, After: 14}}}
			if err := st.CreateHonour(ctx, h); err != nil {
				t.Fatal(err)
			}
			return h
		}
		h1 := mk(2026, 2, es[0].ID, "Dệt Thử", "det-thu", c.ID, d(2026, 10, 15), false)
		h2 := mk(2026, 1, es[1].ID, "Cơ khí Hà Nội", "co-khi-ha-noi", 0, d(2026, 12, 1), false)
		h3 := mk(2024, 0, es[1].ID, "Cơ khí Hà Nội", "co-khi-ha-noi", 0, d(2024, 11, 1), false)
		mk(2024, 0, es[0].ID, "Ẩn", "an", 0, d(2024, 11, 1), true)

		for _, tc := range []struct {
			name string
			f    contest.HonourFilter
			want []contest.HonourID
		}{
			{"all", contest.HonourFilter{}, []contest.HonourID{h2.ID, h1.ID, h3.ID, h3.ID + 1}},
			{"year", contest.HonourFilter{Year: 2024}, []contest.HonourID{h3.ID, h3.ID + 1}},
			{"contest", contest.HonourFilter{ContestID: c.ID}, []contest.HonourID{h1.ID}},
			{"organiser", contest.HonourFilter{Organiser: "79"}, []contest.HonourID{h1.ID}},
			{"public in November", contest.HonourFilter{PublicOn: d(2026, 11, 1)}, []contest.HonourID{h1.ID, h3.ID}},
			{"limit", contest.HonourFilter{Limit: 1}, []contest.HonourID{h2.ID}},
		} {
			got, err := st.FindHonourRecords(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []contest.HonourID
			for _, r := range got {
				ids = append(ids, r.ID)
			}
			if len(ids) != len(tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
				continue
			}
			for i := range ids {
				if ids[i] != tc.want[i] {
					t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
					break
				}
			}
		}

		r, err := st.FindHonourBySlug(ctx, 2026, "det-thu")
		if err != nil || r.ID != h1.ID || r.Organiser != "79" || r.EnterpriseName != es[0].Name || r.ContestTitle != c.Title || r.Photo != nil {
			t.Fatalf("by slug: %+v, %v", r, err)
		}
		if _, err := st.FindHonourBySlug(ctx, 2025, "det-thu"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("wrong year: %v", err)
		}

		r.StoryMD, r.Hidden, r.HiddenReason = "Câu chuyện **mới**", true, "Đang xác minh"
		if err := st.UpdateHonourRecord(ctx, r); err != nil || r.Version != 2 {
			t.Fatalf("update: %v, version %d", err, r.Version)
		}
		got, err := st.FindHonourRecord(ctx, h1.ID)
		if err != nil || got.StoryMD != r.StoryMD || !got.Hidden || got.HiddenReason != "Đang xác minh" || got.Version != 2 {
			t.Fatalf("after update: %+v, %v", got, err)
		}
		stale := *got
		stale.Honour = new(contest.Honour)
		*stale.Honour = *got.Honour
		stale.Version = 1
		if err := st.UpdateHonourRecord(ctx, &stale); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		stale.ID = 9999
		if err := st.UpdateHonourRecord(ctx, &stale); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing honour: %v", err)
		}

		if _, err := st.HonourPhotoBytes(ctx, h1.ID, false); !fault.Is(err, fault.NotFound) {
			t.Fatalf("no photo yet: %v", err)
		}
		for i, sha := range []string{"aa", "bb"} {
			p := &contest.HonourPhoto{SHA256: sha, Width: 800 + i, Height: 600}
			if err := st.PutHonourPhoto(ctx, h1.ID, p, []byte("jpeg-"+sha), []byte("thumb-"+sha)); err != nil {
				t.Fatal(err)
			}
		}
		got, _ = st.FindHonourRecord(ctx, h1.ID)
		if got.Photo == nil || got.Photo.SHA256 != "bb" || got.Photo.Width != 801 || got.Version != 4 || got.Photo.UploadedAt.IsZero() {
			t.Fatalf("photo: %+v (version %d)", got.Photo, got.Version)
		}
		if b, err := st.HonourPhotoBytes(ctx, h1.ID, false); err != nil || !bytes.Equal(b, []byte("jpeg-bb")) {
			t.Fatalf("photo bytes: %q, %v", b, err)
		}
		if b, err := st.HonourPhotoBytes(ctx, h1.ID, true); err != nil || !bytes.Equal(b, []byte("thumb-bb")) {
			t.Fatalf("thumb bytes: %q, %v", b, err)
		}
		if err := st.PutHonourPhoto(ctx, 9999, &contest.HonourPhoto{SHA256: "cc"}, []byte("x"), []byte("y")); !fault.Is(err, fault.NotFound) {
			t.Fatalf("photo of a missing honour: %v", err)
		}

		for _, tc := range []struct {
			day  time.Time
			want int
		}{{d(2026, 2, 28), 0}, {d(2026, 3, 1), 1}, {d(2026, 6, 30), 1}, {d(2026, 7, 1), 0}} {
			got, err := st.PortalOpenContests(ctx, tc.day)
			if err != nil || len(got) != tc.want {
				t.Errorf("open on %s: %d, %v; want %d", vn.Date(tc.day), len(got), err, tc.want)
			}
		}
	})
}
