# Straightforward R reference for bench/spc: the same X-bar-R and I-MR charts
# (with all eight Nelson rules) as internal/spc, written with plain loops the
# way a typical user would, no packages. Usage: Rscript reference.R data.csv
# Prints "xbar_r_seconds S" and "imr_nelson_seconds S" (elapsed time of the
# computation only, not of reading the CSV).
args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1])$value
N <- length(x)

## X-bar-R, subgroups of 5, limits from R-bar/d2, beyond-limit points.
t0 <- proc.time()[["elapsed"]]
n <- 5; m <- N %/% n
d2 <- 2.325929; d3 <- 0.8640819
xbar <- numeric(m); r <- numeric(m)
for (j in 1:m) {
  g <- x[((j - 1) * n + 1):(j * n)]
  xbar[j] <- mean(g)
  r[j] <- max(g) - min(g)
}
xbb <- mean(xbar); rbar <- mean(r); sigma <- rbar / d2
ucl <- xbb + 3 * sigma / sqrt(n); lcl <- xbb - 3 * sigma / sqrt(n)
rucl <- (d2 + 3 * d3) * sigma; rlcl <- max(0, (d2 - 3 * d3) * sigma)
out_x <- c(); out_r <- c()
for (j in 1:m) {
  if (xbar[j] > ucl || xbar[j] < lcl) out_x <- c(out_x, j)
  if (r[j] > rucl || r[j] < rlcl) out_r <- c(out_r, j)
}
t1 <- proc.time()[["elapsed"]]
cat("xbar_r_seconds", t1 - t0, "\n")
cat("xbar_r_center", xbb, "sigma", sigma, "beyond", length(out_x), "\n")

## I-MR with Nelson rules 1-8.
t0 <- proc.time()[["elapsed"]]
mr <- numeric(N - 1)
for (i in 2:N) mr[i - 1] <- abs(x[i] - x[i - 1])
center <- mean(x); sigma <- mean(mr) / 1.128379
z <- numeric(N)
for (i in 1:N) z[i] <- (x[i] - center) / sigma
rules <- vector("list", 8)
for (k in 1:8) rules[[k]] <- integer(0)
for (i in 1:N) {
  if (abs(z[i]) > 3) rules[[1]] <- c(rules[[1]], i)
  if (i >= 9) {
    w <- z[(i - 8):i]
    if (all(w > 0) || all(w < 0)) rules[[2]] <- c(rules[[2]], i)
  }
  if (i >= 6) {
    d <- diff(x[(i - 5):i])
    if (all(d > 0) || all(d < 0)) rules[[3]] <- c(rules[[3]], i)
  }
  if (i >= 14) {
    d <- diff(x[(i - 13):i])
    if (all(d != 0) && all(d[-1] * d[-length(d)] < 0)) rules[[4]] <- c(rules[[4]], i)
  }
  if (i >= 3) {
    w <- z[(i - 2):i]
    if ((z[i] > 2 && sum(w > 2) >= 2) || (z[i] < -2 && sum(w < -2) >= 2)) rules[[5]] <- c(rules[[5]], i)
  }
  if (i >= 5) {
    w <- z[(i - 4):i]
    if ((z[i] > 1 && sum(w > 1) >= 4) || (z[i] < -1 && sum(w < -1) >= 4)) rules[[6]] <- c(rules[[6]], i)
  }
  if (i >= 15) {
    w <- z[(i - 14):i]
    if (all(abs(w) < 1)) rules[[7]] <- c(rules[[7]], i)
  }
  if (i >= 8) {
    w <- z[(i - 7):i]
    if (all(abs(w) > 1)) rules[[8]] <- c(rules[[8]], i)
  }
}
t1 <- proc.time()[["elapsed"]]
cat("imr_nelson_seconds", t1 - t0, "\n")
cat("imr_center", center, "sigma", sigma, "rule_counts", sapply(rules, length), "\n")
