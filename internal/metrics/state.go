package metrics

import (
	"context"
	"database/sql"
	"math"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// scrapeTimeout bounds the database queries of one scrape.
const scrapeTimeout = 5 * time.Second

var (
	outboxDesc = prometheus.NewDesc("clinic_outbox_messages",
		"Outbox messages waiting to be sent: due (by now) or later (reminders not yet due).", []string{"due"}, nil)
	backupTimeDesc = prometheus.NewDesc("clinic_backup_last_success_timestamp_seconds",
		"When the last backup that succeeded finished, in Unix seconds; 0 when none has.", nil, nil)
	backupAgeDesc = prometheus.NewDesc("clinic_backup_age_seconds",
		"Seconds since the last backup that succeeded finished; +Inf when none has.", nil, nil)
	poolOpenDesc  = prometheus.NewDesc("clinic_db_connections_open", "Connections open in the database pool.", []string{"pool"}, nil)
	poolInUseDesc = prometheus.NewDesc("clinic_db_connections_in_use", "Connections of the database pool in use.", []string{"pool"}, nil)
	poolIdleDesc  = prometheus.NewDesc("clinic_db_connections_idle", "Idle connections of the database pool.", []string{"pool"}, nil)
	poolMaxDesc   = prometheus.NewDesc("clinic_db_connections_max", "Most connections the database pool opens.", []string{"pool"}, nil)
	poolWaitDesc  = prometheus.NewDesc("clinic_db_waits_total", "Times a query waited for a connection of the pool.", []string{"pool"}, nil)
	poolWaitTime  = prometheus.NewDesc("clinic_db_wait_seconds_total", "Time spent waiting for a connection of the pool.", []string{"pool"}, nil)
)

// state collects the figures read when scraped: the outbox, the last
// backup and the database pools.
type state struct{ src Sources }

func (s *state) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{outboxDesc, backupTimeDesc, backupAgeDesc,
		poolOpenDesc, poolInUseDesc, poolIdleDesc, poolMaxDesc, poolWaitDesc, poolWaitTime} {
		ch <- d
	}
}

func (s *state) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	now := s.src.Now()
	if s.src.OutboxDepth != nil {
		s.collectOutbox(ctx, now, ch)
	}
	if s.src.LastBackup != nil {
		s.collectBackup(ctx, now, ch)
	}
	if s.src.Pools != nil {
		collectPools(s.src.Pools(), ch)
	}
}

func (s *state) collectOutbox(ctx context.Context, now time.Time, ch chan<- prometheus.Metric) {
	due, later, err := s.src.OutboxDepth(ctx, now)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(due), "now")
	ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(later), "later")
}

func (s *state) collectBackup(ctx context.Context, now time.Time, ch chan<- prometheus.Metric) {
	last, err := s.src.LastBackup(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(backupAgeDesc, err)
		return
	}
	at, age := 0.0, math.Inf(1)
	if !last.IsZero() {
		at, age = float64(last.UnixMilli())/1000, max(0, now.Sub(last).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(backupTimeDesc, prometheus.GaugeValue, at)
	ch <- prometheus.MustNewConstMetric(backupAgeDesc, prometheus.GaugeValue, age)
}

func collectPools(pools map[string]sql.DBStats, ch chan<- prometheus.Metric) {
	for name, st := range pools {
		gauge := func(d *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, name)
		}
		gauge(poolOpenDesc, float64(st.OpenConnections))
		gauge(poolInUseDesc, float64(st.InUse))
		gauge(poolIdleDesc, float64(st.Idle))
		gauge(poolMaxDesc, float64(st.MaxOpenConnections))
		ch <- prometheus.MustNewConstMetric(poolWaitDesc, prometheus.CounterValue, float64(st.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(poolWaitTime, prometheus.CounterValue, st.WaitDuration.Seconds(), name)
	}
}
