// Package quality is the per-enterprise quality monitoring workspace around
// the SPC engine (package spc): an enterprise describes its processes and
// the characteristics it measures, records measurements (on a form, by
// uploading a CSV or XLSX file, or from machines through the API in
// batches), reads its control charts and capability reports, annotates the
// points with their assignable causes, and is alerted (in the application
// and by email) when a new point breaks a run rule. It exports a
// characteristic to XLSX, and as a PDF report in the Decree 30/2020 layout
// (package pdfdoc) with the control chart drawn in vector lines.
//
// Settings change over time: processes and characteristics are edited
// (every change audited with its before and after), and taken out of use
// without losing their history. Once a characteristic has measurements its
// subgroup size is fixed and its chart changes only to one that reads the
// stored data the same way (between variables charts); an inactive
// characteristic takes no measurement, and stopping a process stops its
// characteristics.
//
// Who may do what (package auth's table): enterprise users manage their own
// enterprise's workspace (auth.ActQualityManage); officers see aggregate
// indicators only (auth.ActQualityAggregate: counts of processes and
// characteristics, capability bands, alerts of the last 30 days), unless the
// enterprise turned sharing on, in which case the roles of
// auth.ActQualityViewShared read its charts, never change them. An object
// the actor may not read is NotFound, so ids do not leak; a shared object
// the actor may read but not change is Forbidden.
//
// Glossary: quá trình = process; đặc tính chất lượng = characteristic;
// nhóm con = subgroup; giới hạn kỹ thuật (LSL/USL) = specification limits;
// năng lực quá trình = process capability (Cp, Cpk, …); nguyên nhân đặc
// biệt = assignable cause; hành động khắc phục = action taken; cảnh báo =
// alert; điểm = a plotted point, identified by the seq (sequence number
// within the characteristic) of its first measurement.
package quality
