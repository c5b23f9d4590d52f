package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"clinic"
)

type auditPage struct {
	adminPage
	Events []*clinic.AuditEvent
	Filter auditQuery
	Older  string // the query of the next page, older events
}

// auditQuery is the filter form, as typed.
type auditQuery struct {
	Actor, Action, Record, Outcome, Since, Until string
}

// auditFilter reads the filter from the query string. Dates are days in
// the clinic's time zone; Until includes its day.
func (s *Server) auditFilter(r *http.Request, zone *time.Location) (clinic.AuditFilter, auditQuery, error) {
	q := r.URL.Query()
	aq := auditQuery{Actor: q.Get("actor"), Action: q.Get("action"), Record: q.Get("record"),
		Outcome: q.Get("outcome"), Since: q.Get("since"), Until: q.Get("until")}
	f := clinic.AuditFilter{Action: aq.Action, Record: aq.Record, Outcome: aq.Outcome}
	bad := func(what string) error { return clinic.Errorf(clinic.EInvalid, "The filter's %s is not valid.", what) }
	if aq.Actor != "" {
		id, err := strconv.ParseInt(aq.Actor, 10, 64)
		if err != nil {
			return f, aq, bad("user")
		}
		f.ActorID = id
	}
	if aq.Outcome != "" && aq.Outcome != clinic.AuditOK && aq.Outcome != clinic.AuditRefused {
		return f, aq, bad("outcome")
	}
	for _, d := range []struct {
		in  string
		out *time.Time
		add int
	}{{aq.Since, &f.Since, 0}, {aq.Until, &f.Until, 1}} {
		if d.in == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.in, zone)
		if err != nil {
			return f, aq, bad("date")
		}
		*d.out = t.AddDate(0, 0, d.add)
	}
	if b := q.Get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil {
			return f, aq, bad("page")
		}
		f.BeforeID = id
	}
	if len(aq.Action) > 100 || len(aq.Record) > 200 {
		return f, aq, bad("text")
	}
	return f, aq, nil
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminBase(r, "Audit log")
	if err != nil {
		return err
	}
	f, aq, err := s.auditFilter(r, s.zone(p.Site))
	if err != nil {
		return err
	}
	f.Limit = 100
	ap := auditPage{adminPage: p, Filter: aq}
	if ap.Events, err = s.cfg.Audit.AuditEvents(r.Context(), f); err != nil {
		return err
	}
	if len(ap.Events) == f.Limit {
		q := r.URL.Query()
		q.Set("before", strconv.FormatInt(ap.Events[len(ap.Events)-1].ID, 10))
		ap.Older = q.Encode()
	}
	return s.renderAdmin(w, http.StatusOK, "admin-audit", ap)
}

// auditCSV exports what the filter selects, up to 10,000 events, as CSV.
// The export itself is audited.
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) error {
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return err
	}
	f, _, err := s.auditFilter(r, s.zone(site))
	if err != nil {
		return err
	}
	f.Limit = 10000
	events, err := s.cfg.Audit.AuditEvents(r.Context(), f)
	if err != nil {
		return err
	}
	s.audit(r, sessionFrom(r.Context()), "audit.export", "audit", clinic.AuditOK, strconv.Itoa(len(events))+" events")
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="audit-log.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "time_utc", "actor_id", "actor", "action", "record", "address", "outcome", "detail", "prev_hash", "hash"})
	for _, e := range events {
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano), strconv.FormatInt(e.ActorID, 10),
			csvSafe(e.Actor), e.Action, csvSafe(e.Record), e.Address, e.Outcome, csvSafe(e.Detail), e.PrevHash, e.Hash})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(v string) string {
	if v != "" && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r') {
		return "'" + v
	}
	return v
}
