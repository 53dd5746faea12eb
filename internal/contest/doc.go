// Package contest holds the programme's contests and the honour roll: the
// breadth track's yearly (or ad hoc) contests with their categories,
// timeline, eligibility rules and rubric; the enterprises' entries; the
// judging (assignment, conflicts of interest, blind and independent
// scoring, a consensus round, per-judge z-score normalisation); the
// results and awards; and the public honour roll (vinh danh) of honoured
// enterprises and solutions.
//
// Glossary: cuộc thi = contest; đợt/kỳ = cycle; hạng mục = category;
// tiêu chí chấm = rubric criterion; bài dự thi/hồ sơ dự thi = entry;
// giám khảo = judge; xung đột lợi ích = conflict of interest;
// chấm độc lập = independent scoring; vòng đồng thuận = consensus round;
// chuẩn hóa = normalisation; giải thưởng = award; vinh danh = honour roll.
//
// The areas, each in its own files: setup and entries (setup*.go,
// entries*.go), judging and results (judging*.go, results*.go, rank.go),
// the honour roll (honours*.go). core.go and types.go are shared.
package contest
