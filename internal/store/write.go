package store

import (
	"context"
	"strings"

	"clinic"
	"clinic/internal/markdown"
)

func (im *importer) settings(ctx context.Context, s clinic.Settings) error {
	if s == (clinic.Settings{}) {
		return nil
	}
	items := []*clinic.Settings{&s}
	stored := []*clinic.Settings{&im.old.Settings}
	key := func(*clinic.Settings) string { return "settings" }
	norm := func(s *clinic.Settings) *clinic.Settings { return s }
	return syncItems(im, items, stored, key, norm, func(s *clinic.Settings) error {
		_, err := im.t.ExecContext(ctx, `UPDATE settings SET clinic_name = $1, tagline = $2,
			description = $3, phone = $4, email = $5, time_zone = $6, cta_schedule = $7,
			cta_mri_review = $8, cta_diagnose = $9, cta_portal = $10 WHERE id = 1`,
			s.ClinicName, s.Tagline, s.Description, s.Phone, s.Email, s.TimeZone,
			s.CTASchedule, s.CTAMRIReview, s.CTADiagnose, s.CTAPortal)
		return err
	})
}

func (im *importer) pages(ctx context.Context, ps []*clinic.Page) error {
	key := func(p *clinic.Page) string { return p.Slug }
	return syncItems(im, ps, im.old.Pages, key, normPage, func(p *clinic.Page) error {
		_, err := im.t.ExecContext(ctx, `INSERT INTO pages (slug, title, description, body, updated_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (slug) DO UPDATE SET title = excluded.title, description = excluded.description,
				body = excluded.body, updated_at = excluded.updated_at`,
			p.Slug, p.Title, p.Description, p.Body, im.t.d.timeArg(p.UpdatedAt))
		if err != nil {
			return err
		}
		return im.t.index(ctx, "page", p.Slug, p.Title, nil, p.Description, markdown.PlainText(p.Body))
	})
}

// treatments writes categories before the treatments under them, and the
// related lists once every treatment is in place.
func (im *importer) treatments(ctx context.Context, ts []*clinic.Treatment) error {
	ts = categoriesFirst(ts)
	var written []*clinic.Treatment
	key := func(t *clinic.Treatment) string { return t.Slug }
	err := syncItems(im, ts, im.old.Treatments, key, normTreatment, func(t *clinic.Treatment) error {
		written = append(written, t)
		_, err := im.t.ExecContext(ctx, `INSERT INTO treatments (slug, title, parent_slug, kind,
				sort_order, description, summary, body, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (slug) DO UPDATE SET title = excluded.title, parent_slug = excluded.parent_slug,
				kind = excluded.kind, sort_order = excluded.sort_order, description = excluded.description,
				summary = excluded.summary, body = excluded.body, updated_at = excluded.updated_at`,
			t.Slug, t.Title, nullText(t.Parent), t.Kind, t.Order, t.Description, t.Summary, t.Body,
			im.t.d.timeArg(t.UpdatedAt))
		if err != nil {
			return err
		}
		return im.t.index(ctx, "treatment", t.Slug, t.Title, nil, t.Summary, t.Description, markdown.PlainText(t.Body))
	})
	if err != nil {
		return err
	}
	for _, t := range written {
		err := im.t.replaceList(ctx, `DELETE FROM treatment_related WHERE treatment_slug = $1`,
			`INSERT INTO treatment_related (treatment_slug, related_slug, position) VALUES ($1, $2, $3)`,
			t.Slug, t.Related)
		if err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) locations(ctx context.Context, ls []*clinic.Location) error {
	key := func(l *clinic.Location) string { return l.Slug }
	return syncItems(im, ls, im.old.Locations, key, normLocation, func(l *clinic.Location) error {
		_, err := im.t.ExecContext(ctx, `INSERT INTO locations (slug, city, name, street, region,
				postal_code, phone, latitude, longitude, sort_order, description, summary, body, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (slug) DO UPDATE SET city = excluded.city, name = excluded.name,
				street = excluded.street, region = excluded.region, postal_code = excluded.postal_code,
				phone = excluded.phone, latitude = excluded.latitude, longitude = excluded.longitude,
				sort_order = excluded.sort_order, description = excluded.description,
				summary = excluded.summary, body = excluded.body, updated_at = excluded.updated_at`,
			l.Slug, l.City, l.Name, l.Street, l.Region, l.PostalCode, l.Phone, l.Latitude, l.Longitude,
			l.Order, l.Description, l.Summary, l.Body, im.t.d.timeArg(l.UpdatedAt))
		if err != nil {
			return err
		}
		return im.t.replaceHours(ctx, l)
	})
}

func (t *tx) replaceHours(ctx context.Context, l *clinic.Location) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM location_hours WHERE location_slug = $1`, l.Slug); err != nil {
		return err
	}
	for i, h := range l.Hours {
		_, err := t.ExecContext(ctx, `INSERT INTO location_hours (location_slug, position, days, opens, closes)
			VALUES ($1, $2, $3, $4, $5)`, l.Slug, i, h.Days, h.Opens, h.Closes)
		if err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) doctors(ctx context.Context, ds []*clinic.Doctor) error {
	key := func(d *clinic.Doctor) string { return d.Slug }
	return syncItems(im, ds, im.old.Doctors, key, normDoctor, func(d *clinic.Doctor) error {
		_, err := im.t.ExecContext(ctx, `INSERT INTO doctors (slug, name, credentials, role,
				sort_order, description, summary, body, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (slug) DO UPDATE SET name = excluded.name, credentials = excluded.credentials,
				role = excluded.role, sort_order = excluded.sort_order, description = excluded.description,
				summary = excluded.summary, body = excluded.body, updated_at = excluded.updated_at`,
			d.Slug, d.Name, d.Credentials, d.Role, d.Order, d.Description, d.Summary, d.Body,
			im.t.d.timeArg(d.UpdatedAt))
		if err != nil {
			return err
		}
		if err := im.t.replaceDoctorLists(ctx, d); err != nil {
			return err
		}
		return im.t.index(ctx, "doctor", d.Slug, d.Name, nil, d.Credentials, d.Role,
			strings.Join(d.Specialties, ", "), d.Summary, markdown.PlainText(d.Body))
	})
}

func (t *tx) replaceDoctorLists(ctx context.Context, d *clinic.Doctor) error {
	lists := []struct {
		del, ins string
		values   []string
	}{
		{`DELETE FROM doctor_specialties WHERE doctor_slug = $1`,
			`INSERT INTO doctor_specialties (doctor_slug, name, position) VALUES ($1, $2, $3)`, d.Specialties},
		{`DELETE FROM doctor_locations WHERE doctor_slug = $1`,
			`INSERT INTO doctor_locations (doctor_slug, location_slug, position) VALUES ($1, $2, $3)`, d.Locations},
		{`DELETE FROM doctor_treatments WHERE doctor_slug = $1`,
			`INSERT INTO doctor_treatments (doctor_slug, treatment_slug, position) VALUES ($1, $2, $3)`, d.Treatments},
	}
	for _, l := range lists {
		if err := t.replaceList(ctx, l.del, l.ins, d.Slug, l.values); err != nil {
			return err
		}
	}
	return nil
}

// categoriesFirst returns ts with the categories before the rest, each
// group in its original order.
func categoriesFirst(ts []*clinic.Treatment) []*clinic.Treatment {
	out := make([]*clinic.Treatment, 0, len(ts))
	for _, t := range ts {
		if t.Parent == "" {
			out = append(out, t)
		}
	}
	for _, t := range ts {
		if t.Parent != "" {
			out = append(out, t)
		}
	}
	return out
}
