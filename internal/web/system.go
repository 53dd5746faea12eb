package web

import (
	"net/http"
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// systemPage shows the state of the platform.
type systemPage struct {
	Layout
	Status SystemStatus
	Uptime string
}

// MigrationsOK reports whether every migration is applied.
func (p *systemPage) MigrationsOK() bool {
	return p.Status.MigrationTarget > 0 && p.Status.MigrationCurrent == p.Status.MigrationTarget
}

func (h *Handler) handleSystemShow(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActSystemStatus) {
		return fault.New(fault.Forbidden, "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
	}
	st := h.status(r.Context())
	p := &systemPage{Status: st, Uptime: uptime(st.Uptime, h.lang(r))}
	return h.render(w, r, http.StatusOK, "system", text("system.title"), p)
}

// uptime formats d as days, hours and minutes.
func uptime(d time.Duration, lang string) string {
	d = d.Round(time.Minute)
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	hours := int(d / time.Hour)
	mins := int((d - time.Duration(hours)*time.Hour) / time.Minute)
	if lang == "en" {
		return strconv.Itoa(days) + " d " + strconv.Itoa(hours) + " h " + strconv.Itoa(mins) + " min"
	}
	return strconv.Itoa(days) + " ngày " + strconv.Itoa(hours) + " giờ " + strconv.Itoa(mins) + " phút"
}
