package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"clinic"
)

type chartPage struct {
	adminPage
	*clinic.PatientChart
	Upcoming, Past []*clinic.Appointment
	Scores         []scoreLine
	Looked         []*clinic.AuditEvent
	CanMerge       bool
	Portal         *portalChart
}

// scoreLine is one instrument's scores over a patient's time points.
type scoreLine struct {
	Instrument string
	Points     []scorePoint
	Chart      template.HTML // an SVG line of the scores, numbers only
}

type scorePoint struct {
	Time      string
	Score     float64
	Treatment string
}

// patientChart shows everything the clinic holds about a patient. The
// read is audited before anything is read; a provider sees a record that
// is not their patient's only after breaking the glass.
func (s *Server) patientChart(w http.ResponseWriter, r *http.Request) error {
	id, err := patientID(r)
	if err != nil {
		return err
	}
	ctx, sess := r.Context(), sessionFrom(r.Context())
	if ok, err := s.mayOpen(r, id); err != nil {
		return err
	} else if !ok {
		return s.glassForm(w, r, http.StatusOK, id, "")
	}
	if err := s.auditOrFail(r, sess, "patient.read", idRecord("patient", id), clinic.AuditOK, ""); err != nil {
		return err
	}
	c, err := s.cfg.Patients.PatientChart(ctx, id)
	if err != nil {
		return err
	}
	if c.Patient.MergedInto != 0 {
		http.Redirect(w, r, "/admin/patients/"+strconv.FormatInt(c.Patient.MergedInto, 10), http.StatusSeeOther)
		return nil
	}
	base, err := s.adminBase(r, c.Patient.Name)
	if err != nil {
		return err
	}
	p := chartPage{adminPage: base, PatientChart: c, Scores: scoreLines(c.Responses), CanMerge: sess.User.Role.Can(clinic.PermRecords)}
	now := s.now()
	for _, a := range c.Appointments {
		if a.Start.After(now) && clinic.Active(a.Status) {
			p.Upcoming = append([]*clinic.Appointment{a}, p.Upcoming...) // soonest first
		} else {
			p.Past = append(p.Past, a)
		}
	}
	if p.Looked, err = s.cfg.Audit.AuditEvents(ctx, clinic.AuditFilter{Record: idRecord("patient", id), Limit: 30}); err != nil {
		return err
	}
	if p.Portal, err = s.chartPortal(ctx, id, p.CanMerge); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-patient", p)
}

// timeNames name the questionnaire time points.
var timeNames = [clinic.NumTimes]string{"Before", "6 weeks", "3 months", "12 months"}

// scoreLines groups responses by instrument, in the order answered.
func scoreLines(rs []*clinic.QuestionnaireResponse) []scoreLine {
	var out []scoreLine
	for _, resp := range rs {
		i := slices.IndexFunc(out, func(l scoreLine) bool { return l.Instrument == resp.Instrument })
		if i < 0 {
			out = append(out, scoreLine{Instrument: resp.Instrument})
			i = len(out) - 1
		}
		name := "?"
		if resp.Time >= 0 && resp.Time < clinic.NumTimes {
			name = timeNames[resp.Time]
		}
		out[i].Points = append(out[i].Points, scorePoint{Time: name, Score: resp.Score, Treatment: resp.Treatment})
	}
	for i := range out {
		out[i].Chart = scoreSVG(out[i].Points)
	}
	return out
}

// scoreSVG draws scores as a line over their time points: an image of
// numbers only, described by the table beside it.
func scoreSVG(ps []scorePoint) template.HTML {
	const w, h, pad = 240.0, 80.0, 8.0
	hi := 1.0
	for _, p := range ps {
		hi = max(hi, p.Score)
	}
	var pts []string
	for i, p := range ps {
		x := pad
		if len(ps) > 1 {
			x += float64(i) * (w - 2*pad) / float64(len(ps)-1)
		}
		y := h - pad - p.Score/hi*(h-2*pad)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	return template.HTML(fmt.Sprintf(`<svg class="score-chart" viewBox="0 0 %g %g" width="%g" height="%g" aria-hidden="true">`+
		`<polyline fill="none" stroke="currentColor" stroke-width="2" points="%s"/></svg>`, w, h, w, h, strings.Join(pts, " ")))
}

// bookFromChart opens the front desk's booking form filled in from the
// record, with a key that links the booking to it; an audited read.
func (s *Server) bookFromChart(w http.ResponseWriter, r *http.Request) error {
	id, err := patientID(r)
	if err != nil {
		return err
	}
	if ok, err := s.mayOpen(r, id); err != nil {
		return err
	} else if !ok {
		return s.glassForm(w, r, http.StatusOK, id, "")
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "patient.read", idRecord("patient", id), clinic.AuditOK, "to book"); err != nil {
		return err
	}
	pt, err := s.cfg.Patients.Patient(r.Context(), id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	return s.newAppointmentForm(w, r, http.StatusOK, newAppointmentPage{Type: q.Get("type"), Provider: q.Get("provider"),
		Location: q.Get("location"), Start: q.Get("start"), Key: s.cfg.Patients.ChartBookingKey(id),
		Form: clinic.PatientDetails{Name: pt.Name, DateOfBirth: pt.DateOfBirth, Phone: pt.Phone, Email: pt.Email}})
}
