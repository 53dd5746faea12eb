package jobs

import (
	"context"
	"time"
)

// KindTest is the kind of the test-only job that WithTestKind adds.
const KindTest = "test_work"

type testArgs struct{ trackedArgs }

func (testArgs) Kind() string { return KindTest }

// WithTestKind returns o with the kind KindTest, whose work is run; any
// signed-in actor may queue it.
func WithTestKind(o Options, run func(ctx context.Context, j *Job, p *Progress) error) Options {
	o.extraKinds = append(o.extraKinds, trackedKind(
		func(id JobID) testArgs { return testArgs{trackedArgs{id}} }, nil, runFunc(run)))
	return o
}

// WithMaxAttempts returns o with River's MaxAttempts set to n.
func WithMaxAttempts(o Options, n int) Options {
	o.maxAttempts = n
	return o
}

// WithImportStep returns o with enterprise import attempts of d each.
func WithImportStep(o Options, d time.Duration) Options {
	o.importStep = d
	return o
}
