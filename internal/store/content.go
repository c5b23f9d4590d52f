package store

import (
	"context"
	"fmt"
	"strconv"

	"clinic"
)

// The loaders below take a slug, or "" for every item, so that the
// single-item reads, the lists, Export and Import share one query each.

// Settings returns the clinic-wide settings.
func (db *DB) Settings(ctx context.Context) (*clinic.Settings, error) {
	return loadSettings(ctx, db.read)
}

func loadSettings(ctx context.Context, q querier) (*clinic.Settings, error) {
	s := &clinic.Settings{}
	err := q.QueryRowContext(ctx, `SELECT clinic_name, tagline, description, phone, email,
		time_zone, cta_schedule, cta_mri_review, cta_diagnose, cta_portal
		FROM settings WHERE id = 1`).Scan(&s.ClinicName, &s.Tagline, &s.Description,
		&s.Phone, &s.Email, &s.TimeZone, &s.CTASchedule, &s.CTAMRIReview, &s.CTADiagnose, &s.CTAPortal)
	if err != nil {
		return nil, fmt.Errorf("store: settings: %w", err)
	}
	return s, nil
}

// Page returns the page with the given slug.
func (db *DB) Page(ctx context.Context, slug string) (*clinic.Page, error) {
	return get(ctx, db.read, loadPages, slug, "page "+strconv.Quote(slug))
}

// Pages returns every page, by slug.
func (db *DB) Pages(ctx context.Context) ([]*clinic.Page, error) {
	vs, err := loadPages(ctx, db.read, "")
	return list(vs, err, "pages")
}

func loadPages(ctx context.Context, q querier, slug string) ([]*clinic.Page, error) {
	return queryRows(ctx, q, func(s scanner) (*clinic.Page, error) {
		p := &clinic.Page{}
		return p, s.Scan(&p.Slug, &p.Title, &p.Description, &p.Body, timeCol{&p.UpdatedAt})
	}, `SELECT slug, title, description, body, updated_at FROM pages
		WHERE $1 = '' OR slug = $1 ORDER BY slug`, slug)
}

// Treatment returns the treatment or category with the given slug.
func (db *DB) Treatment(ctx context.Context, slug string) (*clinic.Treatment, error) {
	return get(ctx, db.read, loadTreatments, slug, "treatment "+strconv.Quote(slug))
}

// Treatments returns every treatment, categories first, then by parent
// and order.
func (db *DB) Treatments(ctx context.Context) ([]*clinic.Treatment, error) {
	vs, err := loadTreatments(ctx, db.read, "")
	return list(vs, err, "treatments")
}

func loadTreatments(ctx context.Context, q querier, slug string) ([]*clinic.Treatment, error) {
	ts, err := queryRows(ctx, q, func(s scanner) (*clinic.Treatment, error) {
		t := &clinic.Treatment{}
		return t, s.Scan(&t.Slug, &t.Title, textCol{&t.Parent}, &t.Kind, &t.Order,
			&t.Description, &t.Summary, &t.Body, timeCol{&t.UpdatedAt})
	}, `SELECT slug, title, parent_slug, kind, sort_order, description, summary, body, updated_at
		FROM treatments WHERE $1 = '' OR slug = $1
		ORDER BY COALESCE(parent_slug, ''), sort_order, slug`, slug)
	if err != nil || len(ts) == 0 {
		return ts, err
	}
	related, err := queryLists(ctx, q, `SELECT treatment_slug, related_slug FROM treatment_related
		WHERE $1 = '' OR treatment_slug = $1 ORDER BY treatment_slug, position`, slug)
	for _, t := range ts {
		t.Related = related[t.Slug]
	}
	return ts, err
}

// Doctor returns the doctor with the given slug.
func (db *DB) Doctor(ctx context.Context, slug string) (*clinic.Doctor, error) {
	return get(ctx, db.read, loadDoctors, slug, "doctor "+strconv.Quote(slug))
}

// Doctors returns every doctor by order and name.
func (db *DB) Doctors(ctx context.Context) ([]*clinic.Doctor, error) {
	vs, err := loadDoctors(ctx, db.read, "")
	return list(vs, err, "doctors")
}

func loadDoctors(ctx context.Context, q querier, slug string) ([]*clinic.Doctor, error) {
	ds, err := queryRows(ctx, q, func(s scanner) (*clinic.Doctor, error) {
		d := &clinic.Doctor{}
		return d, s.Scan(&d.Slug, &d.Name, &d.Credentials, &d.Role, &d.Order,
			&d.Description, &d.Summary, &d.Body, timeCol{&d.UpdatedAt})
	}, `SELECT slug, name, credentials, role, sort_order, description, summary, body, updated_at
		FROM doctors WHERE $1 = '' OR slug = $1 ORDER BY sort_order, name, slug`, slug)
	if err != nil || len(ds) == 0 {
		return ds, err
	}
	lists := make([]map[string][]string, 3)
	for i, query := range []string{
		`SELECT doctor_slug, name FROM doctor_specialties`,
		`SELECT doctor_slug, location_slug FROM doctor_locations`,
		`SELECT doctor_slug, treatment_slug FROM doctor_treatments`,
	} {
		query += ` WHERE $1 = '' OR doctor_slug = $1 ORDER BY doctor_slug, position`
		if lists[i], err = queryLists(ctx, q, query, slug); err != nil {
			return nil, err
		}
	}
	for _, d := range ds {
		d.Specialties, d.Locations, d.Treatments = lists[0][d.Slug], lists[1][d.Slug], lists[2][d.Slug]
	}
	return ds, nil
}

// Location returns the office with the given slug.
func (db *DB) Location(ctx context.Context, slug string) (*clinic.Location, error) {
	return get(ctx, db.read, loadLocations, slug, "location "+strconv.Quote(slug))
}

// Locations returns every office by order and city.
func (db *DB) Locations(ctx context.Context) ([]*clinic.Location, error) {
	vs, err := loadLocations(ctx, db.read, "")
	return list(vs, err, "locations")
}

func loadLocations(ctx context.Context, q querier, slug string) ([]*clinic.Location, error) {
	ls, err := queryRows(ctx, q, func(s scanner) (*clinic.Location, error) {
		l := &clinic.Location{}
		return l, s.Scan(&l.Slug, &l.City, &l.Name, &l.Street, &l.Region, &l.PostalCode,
			&l.Phone, &l.Latitude, &l.Longitude, &l.Order, &l.Description, &l.Summary,
			&l.Body, timeCol{&l.UpdatedAt})
	}, `SELECT slug, city, name, street, region, postal_code, phone, latitude, longitude,
		sort_order, description, summary, body, updated_at
		FROM locations WHERE $1 = '' OR slug = $1 ORDER BY sort_order, city, slug`, slug)
	if err != nil || len(ls) == 0 {
		return ls, err
	}
	hours := map[string][]clinic.OpeningHours{}
	_, err = queryRows(ctx, q, func(s scanner) (bool, error) {
		var owner string
		var h clinic.OpeningHours
		err := s.Scan(&owner, &h.Days, &h.Opens, &h.Closes)
		hours[owner] = append(hours[owner], h)
		return true, err
	}, `SELECT location_slug, days, opens, closes FROM location_hours
		WHERE $1 = '' OR location_slug = $1 ORDER BY location_slug, position`, slug)
	for _, l := range ls {
		l.Hours = hours[l.Slug]
	}
	return ls, err
}
