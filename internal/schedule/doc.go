// Package schedule computes the open appointment slots of one provider for
// online booking, from the provider's weekly availability, date exceptions
// and existing bookings. It is pure: the time zone and the time now are
// passed in, and nothing reads a clock, a database or the network.
//
// Availability and exceptions are local wall-clock times in Request.Zone.
// Bookings, Request.Now, From and To are instants. The slots come back as
// instants in Request.Zone, so that Start.Hour() reads the local hour; they
// compare with time.Time.Equal like any other instant.
//
// # Daylight saving time
//
//  1. A weekly window is wall-clock time: Monday 09:00–12:00 means 09:00
//     local in winter and in summer.
//  2. On a given date a window covers the instants at which the local clock
//     reads a time within [Start, End) of that date. A window 01:00–04:00
//     lasts two hours on a spring-forward day (America/Los_Angeles: 02:00
//     becomes 03:00) and four hours on a fall-back day.
//  3. Slots start on a grid of wall-clock times, every Step from the start
//     of each open stretch of the day. A wall time that does not exist
//     (02:00–02:59 on a spring-forward day) is skipped, never moved to the
//     hour after.
//  4. A wall time that occurs twice (01:00–01:59 on a fall-back day) is
//     offered at most once: at the first of its occurrences at which the
//     appointment fits in the window, normally the first (daylight) one.
//     The choice depends on the windows alone, never on bookings or on the
//     time now, so a wall time of a date always names the same instant.
//  5. Durations and buffers are elapsed time: a slot ends at Start+Duration
//     even when the clocks change inside it, so a 60-minute slot at 01:30
//     on a spring-forward day ends at 03:30 local. The whole appointment
//     must lie in the window as rule 2 defines it.
//  6. The daily cap counts the bookings that start on the same local date.
//
// # Other rules
//
// Windows at one location that touch or overlap are joined. Extra hours
// (Open exceptions) join the weekly windows of their date and location;
// time off (Closed exceptions) is then cut out of them, so time off wins.
// The buffer after a slot may run past the end of its window but not into a
// booking. Bookings hold the provider at every location, so windows at two
// locations may overlap without allowing a double booking.
package schedule
