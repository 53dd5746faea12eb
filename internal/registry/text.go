package registry

import "nscl/internal/fault"

func text(vi, en string) fault.Text { return fault.Text{Vi: vi, En: en} }
