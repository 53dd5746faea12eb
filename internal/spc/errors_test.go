package spc

import "testing"

func TestErrorMessages(t *testing.T) {
	e := errorf(CodeZeroSigma, "sigma bằng %d", "sigma is %d", 0)
	if e.Error() != "spc: sigma is 0" || e.Vietnamese() != "spc: sigma bằng 0" {
		t.Errorf("got %q / %q", e.Error(), e.Vietnamese())
	}
	l := lineErrorf(7, CodeBadInput, "sai", "bad")
	if l.Line != 7 || l.Error() != "spc: line 7: bad" || l.Vietnamese() != "spc: dòng 7: sai" {
		t.Errorf("got %+v", l)
	}
}
