// Package spc is the statistical process control engine of NSCL: Shewhart
// control charts, EWMA and CUSUM charts, run rules, and process capability
// with confidence intervals and a normality test. It uses the standard
// library only and does no I/O beyond parsing an io.Reader (ReadCSV,
// ReadJSON). One call does a whole analysis:
//
//	req, err := spc.ReadCSV(file, "xbar-r")   // rows: subgroup,value
//	req.LSL, req.USL = spc.Float64(73.95), spc.Float64(74.05)
//	res, err := spc.Analyze(*req)             // *spc.Result, JSON-ready
//
// schema.md documents the JSON request and result with an example.
//
// # Charts
//
// Points are numbered from 1. Every chart has a center line, one LCL and
// UCL per point, and the list of points beyond the limits.
//
//   - X̄–R and X̄–S ("xbar-r", "xbar-s"): subgroup means, with a secondary R
//     or S chart. Subgroups come from labels (first-appearance order; sizes
//     may differ) or a fixed size. x̿ is the mean of all included values.
//     Sigma, in the names used in the literature: "Rbar/d2" = mean of
//     R_i/d2(n_i) (R̄/d2 for equal sizes); "Sbar/c4" = mean of s_i/c4(n_i)
//     (S̄/c4 for equal sizes, the default then); "pooled/c4" =
//     sqrt(Σ(n_i−1)s_i²/Σ(n_i−1))/c4(Σ(n_i−1)+1) (the default for unequal
//     sizes). Limits are per subgroup: x̿ ± 3σ̂/√n_i; R: d2σ̂ ± 3d3σ̂; S:
//     c4σ̂ ± 3σ̂√(1−c4²).
//   - I–MR ("imr"): individual values with a moving-range chart of span w
//     (default 2): MR_i is the range of the w values ending at point i, so
//     the MR chart starts at point w. Sigma "MRbar/d2" = MR̄/d2(w).
//   - p, np, c, u: binomial and Poisson charts. p̄ = Σd/Σn and ū = Σc/Σn, so
//     unequal sample sizes give per-point limits p̄ ± 3√(p̄(1−p̄)/n_i) and
//     ū ± 3√(ū/n_i). np needs a constant n; c̄ is the mean count.
//   - EWMA ("ewma"): z_i = λx_i + (1−λ)z_{i−1}, z_0 = center, with the exact
//     time-varying limits center ± Lσ_x√(λ/(2−λ)·(1−(1−λ)^{2i})).
//   - CUSUM ("cusum"): the tabular CUSUM C⁺, C⁻ with reference value k and
//     decision interval h in sigma units and an optional head start (FIR).
//
// Lower limits are truncated at 0 for statistics that cannot be negative
// (R, S, MR, p, np, c, u). Upper limits are not capped.
//
// # Phase I and phase II
//
// In phase I the center and sigma are estimated from the data. Points listed
// in Request.Exclude (assignable causes) are still plotted and tested, but
// left out of the estimates; for I–MR a moving range that includes an
// excluded point is left out too. In phase II the standards Mean, Sigma (of
// individual values), P, C or U replace the estimates and the new data are
// plotted against them; Result.Phase says which applies.
//
// # Constants
//
// d2(n) and d3(n) are the mean and standard deviation of the range of n
// standard normal values and c4(n) the mean of the sample standard
// deviation: E[R] = d2σ, sd(R) = d3σ, E[s] = c4σ. By default (ExactConstants)
// c4 comes from math.Lgamma and d2, d3 from numerical integration of the
// range distribution, accurate to about 1e-12 (a table for n = 2..100 is
// generated and checked by a test; larger n are integrated on demand).
// TableConstants selects the classic printed values (Montgomery Appendix VI,
// ASTM STP 15D; n = 2..25), to reproduce hand calculations. The tabulated
// factors A2 = 3/(d2√n), D3, D4 = 1 ± 3d3/d2, A3, B3, B4 are derived from
// d2, d3 and c4.
//
// # Run rules
//
// Rules are applied to the primary chart (X̄, I, p, np, c, u); on the R, S
// and MR charts only rule 1 (beyond the limits) is reported. Zones are
// measured in sigmas of the plotted statistic at that point: z_i =
// (x_i − center)/σ_i, where σ_i = σ̂/√n_i (X̄), σ̂ (I), √(p̄(1−p̄)/n_i) (p),
// and so on; with unequal sizes each point uses its own σ_i. "Beyond kσ"
// means |z| > k strictly, "within 1σ" means |z| < 1, and a point exactly on
// the center line is on neither side (it ends a same-side run).
//
// A rule is reported at the point that completes its pattern: the last point
// of the window. A long pattern reports every further point that completes
// a window again (ten points on one side give nelson2 at points 9 and 10).
// For the "k of m beyond" rules the completing point must itself be one of
// the k points, so a pattern is reported once, when it first forms.
//
//	nelson1, we1  one point beyond the control limits (beyond 3σ)
//	nelson2       nine points in a row on the same side of the center line
//	nelson3       six points in a row steadily increasing or decreasing
//	              (five consecutive rises or falls; a tie breaks the run)
//	nelson4       fourteen points in a row alternating up and down
//	nelson5, we2  two of three consecutive points beyond 2σ, same side
//	nelson6, we3  four of five consecutive points beyond 1σ, same side
//	nelson7       fifteen points in a row within 1σ (either side)
//	nelson8       eight points in a row beyond 1σ (either side)
//	we4           eight points in a row on the same side of the center line
//
// Rules "we" (default), "nelson" or "none" select the set; every evaluated
// key is present in Result.Rules, with an empty list when it did not fire.
// EWMA and CUSUM statistics are autocorrelated by design, so only their
// out-of-control points are reported.
//
// # Capability
//
// When LSL and/or USL is given, Analyze adds Cp, Cpl, Cpu, Cpk, Cpm, Pp and
// Ppk, each with a two-sided confidence interval (default 95%), next to an
// Anderson–Darling normality test. Within sigma is the chart's estimate;
// overall sigma is the sample standard deviation of all included values.
// Intervals: Cp and Pp by the chi-square interval (Montgomery §8.3.5; NIST
// e-Handbook 6.1.6); Cpk, Ppk, Cpl and Cpu by Bissell's (1990) normal
// approximation; Cpm by Boyles' (1991) chi-square interval with
// ν = n(1+V²)²/(1+2V²), V = (x̄−T)/s. The normality test reports A², the
// small-sample adjusted A*² = A²(1 + 0.75/n + 2.25/n²) and its p-value from
// D'Agostino & Stephens (1986). Chi-square quantiles come from inverting the
// regularized incomplete gamma function (Newton's method within a bisection
// bracket).
//
// # Errors
//
// Every error is an *Error with a stable Code (CodeEmptyInput,
// CodeZeroSigma, CodeSubgroupTooSmall, …) and the message in English
// (Error) and Vietnamese (Vietnamese). Degenerate data (a constant series,
// no defectives, NaN or Inf, subgroups of size 1 on X̄ charts) is an error,
// never a NaN limit; a Result never contains NaN or Inf.
//
// # Performance
//
// Analyze is single-pass per chart with preallocated slices and no maps in
// the per-point loops: I–MR with all Nelson rules on 1,000,000 values takes
// about 36 ms on one core, X̄–R on 1,000,000 values in subgroups of 5 about
// 10 ms (bench/spc has the comparison with plain R).
package spc
