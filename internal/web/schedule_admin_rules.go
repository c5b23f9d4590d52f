package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"clinic"
)

// rulesForm is the booking rules as typed: notice in hours, horizon in
// days, and the daily cap, 0 for none.
type rulesForm struct {
	Notice, Horizon, Cap string
}

func rulesFormOf(r clinic.BookingRules) rulesForm {
	return rulesForm{Notice: strconv.FormatFloat(r.Notice.Hours(), 'f', -1, 64),
		Horizon: strconv.Itoa(int(r.Horizon / (24 * time.Hour))), Cap: strconv.Itoa(r.DailyCap)}
}

// rules reads the form. It checks that each field is a number; the store
// checks that the numbers make sense.
func (pp *providerPage) rules(f url.Values) (*clinic.BookingRules, clinic.FieldErrors) {
	rf := rulesForm{Notice: strings.TrimSpace(f.Get("notice")), Horizon: strings.TrimSpace(f.Get("horizon")), Cap: strings.TrimSpace(f.Get("cap"))}
	pp.Rules = rf
	r := &clinic.BookingRules{Provider: pp.Doctor.Slug}
	errs := clinic.FieldErrors{}
	// 720 hours is the store's limit too; it also keeps the sum in range.
	if h, err := strconv.ParseFloat(rf.Notice, 64); err != nil || !(h >= 0 && h <= 720) {
		errs["notice"] = "Enter the notice in hours, from 0 to 720, such as 2 or 0.5."
	} else {
		r.Notice = time.Duration(math.Round(h*60)) * time.Minute
	}
	if n, err := strconv.Atoi(rf.Horizon); err != nil {
		errs["horizon"] = "Enter a number of days, such as 60."
	} else {
		// Clamped so that the store refuses a wild number rather than
		// see it overflow.
		r.Horizon = time.Duration(min(max(n, -1), 10000)) * 24 * time.Hour
	}
	if n, err := strconv.Atoi(rf.Cap); err != nil {
		errs["cap"] = "Enter a number of appointments, or 0 for no cap."
	} else {
		r.DailyCap = n
	}
	if len(errs) == 0 {
		return r, nil
	}
	return r, errs
}

// saveRules sets a provider's booking rules.
func (s *Server) saveRules(w http.ResponseWriter, r *http.Request) error {
	return s.scheduleChange(w, r, "", func(pp *providerPage) (string, string, clinic.FieldErrors, error) {
		rules, errs := pp.rules(r.PostForm)
		if errs != nil {
			return "", "", errs, nil
		}
		err := s.cfg.Schedule.SaveBookingRules(r.Context(), rules)
		return "provider:" + pp.Doctor.Slug, "notice " + rules.Notice.String() + ", horizon " + rules.Horizon.String() +
			", cap " + strconv.Itoa(rules.DailyCap), nil, err
	}, "schedule.rules")
}
