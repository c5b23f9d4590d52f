package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"clinic"
	"clinic/internal/jsonld"
	"clinic/internal/outcomes"
)

// outcomeFigure is one chart with its table, under a heading.
type outcomeFigure struct {
	ID      string
	Heading string
	outcomes.Figure
}

type outcomesPage struct {
	basePage
	Body       template.HTML // the method, from the content page "outcomes"
	Figures    []outcomeFigure
	Synthetic  bool
	ComputedAt time.Time
}

// storedReport reads the figures last computed; nil before the first run.
func (s *Server) storedReport(ctx context.Context) (*outcomes.Report, time.Time, error) {
	if s.cfg.Outcomes == nil {
		return nil, time.Time{}, nil
	}
	b, at, err := s.cfg.Outcomes.OutcomesReport(ctx)
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return nil, time.Time{}, nil
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	var rep outcomes.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return nil, time.Time{}, fmt.Errorf("web: outcomes report: %w", err)
	}
	return &rep, at, nil
}

// outcomes is the public page of outcome figures: the method as the
// content page tells it, then a chart and table per instrument for all
// treatments and the categories, and one per category for its treatments.
func (s *Server) outcomes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pg, err := s.content.Page(ctx, "outcomes")
	if err != nil {
		return err
	}
	p := outcomesPage{}
	if p.Body, err = s.md.HTML(pg.Body); err != nil {
		return err
	}
	rep, at, err := s.storedReport(ctx)
	if err != nil {
		return err
	}
	if rep != nil {
		p.Synthetic, p.ComputedAt = rep.Synthetic, at
		if p.Figures, err = s.publicFigures(ctx, rep); err != nil {
			return err
		}
	}
	if p.basePage, err = s.base(ctx, r, pg.Title, pg.Description, jsonld.Crumb{Name: pg.Title, Path: "/outcomes"}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "outcomes", p)
}

// publicFigures are the charts of the outcomes page: per instrument with
// answers, all treatments and the categories together, then each
// category's treatments, at most outcomes.MaxChartSeries a chart.
func (s *Server) publicFigures(ctx context.Context, rep *outcomes.Report) ([]outcomeFigure, error) {
	all, err := s.content.Treatments(ctx)
	if err != nil {
		return nil, err
	}
	var out []outcomeFigure
	for _, in := range rep.Instruments {
		if !hasAnswers(rep, in.ID) {
			continue
		}
		groups := [][]string{{""}}
		var heads []string
		for _, t := range all {
			if t.IsCategory() {
				groups[0] = append(groups[0], t.Slug)
				heads = append(heads, t.Title)
			}
		}
		heading := []string{in.Name + ": all treatments and each group"}
		for i, cat := range groups[0][1:] {
			kids := childrenOf(all, cat)
			for start := 0; start < len(kids); start += outcomes.MaxChartSeries {
				groups = append(groups, kids[start:min(start+outcomes.MaxChartSeries, len(kids))])
				heading = append(heading, in.Name+": "+heads[i])
			}
		}
		groups[0] = groups[0][:min(len(groups[0]), outcomes.MaxChartSeries)]
		for i, g := range groups {
			id := "f-" + in.ID + "-" + strconv.Itoa(i)
			f, err := rep.Figure(id, in.ID, g)
			if err != nil {
				return nil, err
			}
			out = append(out, outcomeFigure{ID: id, Heading: heading[i], Figure: f})
		}
	}
	return out, nil
}

func childrenOf(all []*clinic.Treatment, parent string) []string {
	var out []string
	for _, t := range all {
		if t.Parent == parent {
			out = append(out, t.Slug)
		}
	}
	return out
}

// hasAnswers reports whether anyone answered the instrument at all.
func hasAnswers(rep *outcomes.Report, instrument string) bool {
	s, err := rep.Find(instrument, "")
	return err == nil && s.Points[outcomes.Baseline].Status != outcomes.Empty
}

// treatmentFigures are a treatment's own charts, one per instrument on
// which it has a published figure.
func (s *Server) treatmentFigures(ctx context.Context, slug string) ([]outcomeFigure, error) {
	rep, _, err := s.storedReport(ctx)
	if err != nil || rep == nil {
		return nil, err
	}
	var out []outcomeFigure
	for _, in := range rep.Instruments {
		series, err := rep.Find(in.ID, slug)
		if err != nil || !anyShown(series) {
			continue
		}
		id := "t-" + in.ID
		f, err := rep.Figure(id, in.ID, []string{slug})
		if err != nil {
			return nil, err
		}
		out = append(out, outcomeFigure{ID: id, Heading: in.Name, Figure: f})
	}
	return out, nil
}

func anyShown(s outcomes.Series) bool {
	for _, p := range s.Points {
		if p.Status == outcomes.Shown {
			return true
		}
	}
	return false
}
