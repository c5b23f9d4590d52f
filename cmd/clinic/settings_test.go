package main

import (
	"strings"
	"testing"
)

// TestBadSettingsAreRefused: a setting of the MRI review or of scheduled
// backups that is not a number or out of its range stops the start with
// a message that names it and says what to give.
func TestBadSettingsAreRefused(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		key, value, says string
	}{
		{"CLINIC_MRI_MAX_STUDY", "lots", "MRI study limit"},
		{"CLINIC_MRI_MAX_STUDY", "5", "from 10 MB to 100 GB"},
		{"CLINIC_MRI_RETENTION_DAYS", "0", "MRI retention"},
		{"CLINIC_MRI_RETENTION_DAYS", "forever", "from 1 to 3650"},
		{"CLINIC_MRI_READERS", "x", "MRI readers"},
		{"CLINIC_MRI_READERS", "1000", "from 1 to 64"},
		{"CLINIC_BACKUP_EVERY", "1m", "15m"},
		{"CLINIC_BACKUP_EVERY", "soon", "15m"},
		{"CLINIC_BACKUP_KEEP", "-1", "backups kept"},
		{"CLINIC_BACKUP_KEEP", "all", "from 1 to 1000"},
	} {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			_, _, err := parseConfig(nil, func(k string) string {
				if k == tt.key {
					return tt.value
				}
				return ""
			})
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %v, want one that says %q", err, tt.says)
			}
		})
	}
}
