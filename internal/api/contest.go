package api

// The tags of issue 8's operations.
const (
	tagContest = "Cuộc thi và vinh danh (Contests and honours)"
	tagLibrary = "Thư viện điển hình (Case library)"
	tagNews    = "Tin tức và bản tin (News and newsletters)"
)
