package web

import (
	"context"
	"net/http"

	"clinic"
)

// Who the audit log names for changes patients make themselves: no name
// or address of theirs, only the way they came.
const (
	actorOnline = "patient (online booking)"
	actorManage = "patient (manage link)"
)

// patientChange returns r's context carrying the audit event of a change
// a patient is about to make to appointment id (0 for the one a booking
// makes, which the store names), for the store to write in the change's
// own transaction. The event holds no PHI.
func (s *Server) patientChange(r *http.Request, actor, action string, id int64) context.Context {
	record := "appointment:"
	if id != 0 {
		record = idRecord("appointment", id)
	}
	e := &clinic.AuditEvent{Actor: actor, Action: action, Record: record, Address: s.clientAddr(r), Outcome: clinic.AuditOK}
	return clinic.WithAudit(r.Context(), e)
}
