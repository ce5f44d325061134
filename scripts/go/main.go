// Command concurrencybench-go: the Go runner of ConcurrencyBench (standard library only). It runs Go's own forms of
// the suite's loads on a profile's grid and writes them in the runtime-results format, version 2.
//
//	concurrencybench-go --grid GRID.json --out RESULTS.json [--budget SECONDS] [--only SUBSTRING]
//
// GRID.json is the profile as `ConcurrencyBench.Benchmarks --profile <p> --describe` writes it. Each case runs its
// repeated bursts in one fresh process and its cold bursts in fresh processes (one burst each); every process primes
// its code path first. The results file is rewritten after every case (complete: false until the end), so an
// interrupted run keeps what finished. Exit codes: 0 every case ran; 1 some case failed (the others are kept);
// 2 bad input (one line on stderr); 130 interrupted.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	format = "concurrencybench-runtime-results/2"
	// maxThreads is Go's default limit of OS threads (runtime/debug.SetMaxThreads): the most blocked system calls the
	// runtime can give a thread each, so d·ceil(N/maxThreads) is the default model's lower bound.
	maxThreads = 10000
	// primingRounds and primingPause: the warm-up each process does before its measured burst(s). Go compiles nothing
	// at run time, so the pause only lets priming's goroutines and threads settle (200 ms cost about 45 s a run).
	primingRounds = 3
	primingPause  = 20 * time.Millisecond
	// defaultBudget keeps the default profile's whole Go run within its share of run.sh's 35 minutes (about 2.5):
	// measured here at 3 s per case and kind, it took 167 s (load 17 on 2 cores); 2 s leaves a warm median (6 repeated
	// bursts or more) to every case whose bursts last under about 0.3 s.
	defaultBudget = 2.0
	// setupGrace bounds a process's start and priming (before its first burst) and the time between bursts.
	setupGrace = 60 * time.Second
	// burstGrace is added to the operation timeout for the measurement around the operation.
	burstGrace = 2 * time.Second
)

const priming = "each process runs its case's operation 3 times at min(N, cores) jobs (k likewise capped) with 1 ms " +
	"delays, then sleeps 20 ms; runtime.GC() runs before every burst, outside its measurement"

// burst is one measured operation, as a child prints it and the results file holds it.
type burst struct {
	Ns                  int64   `json:"ns"`
	UserMs              float64 `json:"userMs"`
	SystemMs            float64 `json:"systemMs"`
	VoluntarySwitches   int64   `json:"voluntarySwitches"`
	InvoluntarySwitches int64   `json:"involuntarySwitches"`
	Threads             int64   `json:"threads"`
	ThreadsAtStart      int64   `json:"threadsAtStart"`
	PeakRssBytes        int64   `json:"peakRssBytes"`
	RssAtStartBytes     int64   `json:"rssAtStartBytes"`
	// MaxConcurrent is the most of the burst's jobs in progress at once (see check.maxConcurrent).
	MaxConcurrent int64        `json:"maxConcurrent"`
	Check         check        `json:"check"`
	Gather        *gatherOrder `json:"gather,omitempty"`
}

// ---------------------------------------------------------------------------------------------------------------------
// A child: one process running one case's bursts, printing "start <i>" before each and its record after it.

func child(s spec, bursts int, budget time.Duration) error {
	started := time.Now()
	cores := machine().LogicalCores
	for i := 0; i < primingRounds; i++ {
		if _, _, err := s.primed(cores).run(1); err != nil {
			return err
		}
	}
	time.Sleep(primingPause)
	out := json.NewEncoder(os.Stdout)
	for i := 0; i < bursts; i++ {
		runtime.GC()
		fmt.Printf("start %d\n", i)
		b, err := measure(s)
		if err != nil {
			return err
		}
		if err := out.Encode(b); err != nil {
			return err
		}
		// Past the budget, stop after the second burst (the least a repeated series needs).
		if i >= 1 && time.Since(started) > budget {
			break
		}
	}
	return nil
}

// measure runs one burst. Its threads at the peak: the count the model read when every call it can run at once was in
// progress (the call that brought the count there read it), else the larger of the counts at its start and end; Go
// keeps every OS thread it has made (idle ones park) except a locked goroutine's, so the end count is the peak of the
// models that lock none. No sampler runs beside the burst: its wake-ups would be the burst's context switches.
func measure(s spec) (burst, error) {
	resetPeakRss()
	before := readStatus()
	ru0 := rusage()
	t0 := time.Now()
	c, gather, err := s.run(slowdown)
	ns := time.Since(t0).Nanoseconds()
	ru1 := rusage()
	after := readStatus()
	if err != nil {
		return burst{}, err
	}
	peak := before.threads
	for _, t := range []int64{after.threads, c.threads} {
		if t > peak {
			peak = t
		}
	}
	// The kernel's high-water mark can miss memory freed without updating it (madvise): the burst's peak is at least
	// what was resident at its start and at its end.
	hwm := after.hwmBytes
	for _, r := range []int64{after.rssBytes, before.rssBytes} {
		if hwm < r {
			hwm = r
		}
	}
	return burst{
		Ns:                  ns,
		UserMs:              round3(ms(ru1.Utime) - ms(ru0.Utime)),
		SystemMs:            round3(ms(ru1.Stime) - ms(ru0.Stime)),
		VoluntarySwitches:   ru1.Nvcsw - ru0.Nvcsw,
		InvoluntarySwitches: ru1.Nivcsw - ru0.Nivcsw,
		Threads:             peak,
		ThreadsAtStart:      before.threads,
		PeakRssBytes:        hwm,
		RssAtStartBytes:     before.rssBytes,
		MaxConcurrent:       c.maxConcurrent,
		Check:               c,
		Gather:              gather,
	}, nil
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// ---------------------------------------------------------------------------------------------------------------------
// The cases: twins of the .NET cases (same type, method and parameters), labelled in Go's terms.

type param struct {
	Name  string
	Value int
}

// params keeps the .NET parameter order (N, K, DelayMs): the report builds the case's full name from it.
type params []param

func (p params) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, x := range p {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:%d", x.Name, x.Value)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

type benchCase struct {
	Type, Method, Label string
	Params              params
	Spec                spec
	Ideal               float64
}

func (c benchCase) fullName() string {
	var parts []string
	for _, p := range c.Params {
		parts = append(parts, fmt.Sprintf("%s: %d", p.Name, p.Value))
	}
	name := "ConcurrencyBench.Benchmarks." + c.Type + "." + c.Method
	if len(parts) > 0 {
		name += "(" + strings.Join(parts, ", ") + ")"
	}
	return name
}

type grid struct {
	Name                        string  `json:"name"`
	DelayMs                     int     `json:"delayMs"`
	Iterations                  int     `json:"iterations"`
	ColdLaunches                int     `json:"coldLaunches"`
	AsyncDelayJobs              []int   `json:"asyncDelayJobs"`
	OffloadJobs                 []int   `json:"offloadJobs"`
	Workers                     []int   `json:"workers"`
	BlockingJobs                []int   `json:"blockingJobs"`
	MaxIdealPerOperationSeconds float64 `json:"maxIdealPerOperationSeconds"`
	OperationTimeoutSeconds     float64 `json:"operationTimeoutSeconds"`
	// Optional: the async delays' d at an N where it is not delayMs, and the seconds per case and kind past which no
	// more bursts start (the all-pending profile: every task asleep at once, every process's burst run).
	AsyncDelayMsByJobs map[string]int `json:"asyncDelayMsByJobs"`
	BudgetSeconds      float64        `json:"budgetSeconds"`
}

// asyncDelayMs is the async delays' d at n.
func (g grid) asyncDelayMs(n int) int {
	if d, ok := g.AsyncDelayMsByJobs[strconv.Itoa(n)]; ok {
		return d
	}
	return g.DelayMs
}

func ceilDiv(n, k int) float64 { return math.Ceil(float64(n) / float64(k)) }

// casesOf lists the grid's cases and the ones left out because their ideal (a lower bound) is past the operation
// timeout, so they could only fail.
func casesOf(g grid) (cases []benchCase, leftOut []string) {
	add := func(c benchCase, bounded bool) {
		// The .NET side's rule (IdealTime): a case whose model guarantees its workers is left out when its ideal breaks
		// the profile's limit; the runtime's default pool is always kept, bounded by the operation timeout only.
		if bounded && c.Ideal > g.MaxIdealPerOperationSeconds {
			return
		}
		if c.Ideal > g.OperationTimeoutSeconds {
			leftOut = append(leftOut, fmt.Sprintf("%s: its ideal %.0f s is past the operation timeout (%.0f s)", c.fullName(), c.Ideal, g.OperationTimeoutSeconds))
			return
		}
		cases = append(cases, c)
	}
	if g.Name == "seed" {
		add(benchCase{"SeedExperiments", "TwoSleepers5sAnd4s", "two goroutines, time.Sleep(5 s) and (4 s), + WaitGroup", nil,
			spec{Op: "two-sleepers", DelayMs: 1000}, 5}, true)
		add(benchCase{"SeedExperiments", "BlockingOffloadDefaultPool", "goroutine per syscall.Nanosleep (runtime threads, at most 10,000)", nil,
			spec{Op: "offload-default", N: 1000, DelayMs: 1000}, ceilDiv(1000, maxThreads)}, false)
		add(benchCase{"SeedExperiments", "BlockingOffload1000Workers", "1,000 worker goroutines on a channel, syscall.Nanosleep", nil,
			spec{Op: "offload-workers", N: 1000, K: 1000, DelayMs: 1000}, 1}, true)
		add(benchCase{"SeedExperiments", "AsyncSleeps10000", "10,000 goroutines, time.Sleep(1 s), + WaitGroup", nil,
			spec{Op: "sleeps", N: 10000, DelayMs: 1000}, 1}, true)
		return
	}
	d := g.DelayMs
	ds := float64(d) / 1000
	for _, n := range g.AsyncDelayJobs {
		d := g.asyncDelayMs(n)
		add(benchCase{"AsyncDelays", "TaskDelayWhenAll", "goroutine per time.Sleep + WaitGroup", params{{"N", n}, {"DelayMs", d}},
			spec{Op: "sleeps", N: n, DelayMs: d}, float64(d) / 1000}, true)
	}
	for _, n := range g.AsyncDelayJobs {
		d := g.asyncDelayMs(n)
		add(benchCase{"AsyncDelays", "AsyncMethodWithState", "goroutine holding 1 KiB, time.Sleep + WaitGroup", params{{"N", n}, {"DelayMs", d}},
			spec{Op: "sleeps-state", N: n, DelayMs: d}, float64(d) / 1000}, true)
	}
	for _, n := range g.OffloadJobs {
		add(benchCase{"DefaultPoolOffload", "DefaultThreadPool", "goroutine per syscall.Nanosleep (runtime threads, at most 10,000)",
			params{{"N", n}, {"DelayMs", d}}, spec{Op: "offload-default", N: n, DelayMs: d}, ceilDiv(n, maxThreads) * ds}, false)
		for _, k := range g.Workers {
			add(benchCase{"MaxWorkersOffload", "BoundedExecutor", "k worker goroutines on a channel, syscall.Nanosleep",
				params{{"N", n}, {"K", k}, {"DelayMs", d}}, spec{Op: "offload-workers", N: n, K: k, DelayMs: d}, ceilDiv(n, k) * ds}, true)
		}
	}
	for _, n := range g.BlockingJobs {
		add(benchCase{"BlockingCalls", "Sequential", "syscall.Nanosleep in turn", params{{"N", n}, {"DelayMs", d}},
			spec{Op: "sequential", N: n, DelayMs: d}, float64(n) * ds}, true)
		add(benchCase{"BlockingCalls", "ThreadPerCall", "goroutine per call locked to its own OS thread", params{{"N", n}, {"DelayMs", d}},
			spec{Op: "thread-per-call", N: n, DelayMs: d}, ds}, true)
	}
	return
}

// verify checks a burst's own report against its model: every result back, no more than k calls at once.
func verify(s spec, b burst, timeout time.Duration) error {
	if b.Ns <= 0 {
		return fmt.Errorf("impossible wall time %d ns", b.Ns)
	}
	if b.Ns > timeout.Nanoseconds() {
		return fmt.Errorf("it took %.1f s, past the operation timeout (%.0f s)", float64(b.Ns)/1e9, timeout.Seconds())
	}
	want := int64(s.N)
	if s.Op == "two-sleepers" {
		want = 2
		if b.Gather == nil || len(b.Gather.Results) != 2 || b.Gather.Results[0] != 0 || b.Gather.Results[1] != 1 {
			return fmt.Errorf("the join did not return both results in order")
		}
	}
	if b.Check.Completed != want {
		return fmt.Errorf("%d of %d results came back", b.Check.Completed, want)
	}
	// Every job counted itself in progress: at least one was, and never more than the model can run at once.
	m := b.MaxConcurrent
	if m < 1 || m > want {
		return fmt.Errorf("%d of its %d jobs were in progress at once", m, want)
	}
	switch s.Op {
	case "offload-workers":
		if m > int64(s.K) {
			return fmt.Errorf("the pool of %d workers ran %d calls at once", s.K, m)
		}
	case "sequential":
		if m != 1 {
			return fmt.Errorf("calls in turn overlapped")
		}
	case "sleeps-state":
		if b.Check.Touched == nil || *b.Check.Touched != want {
			return fmt.Errorf("%v of %d buffers were intact and touched after the sleep", b.Check.Touched, want)
		}
	}
	return nil
}

// ---------------------------------------------------------------------------------------------------------------------
// The orchestrator: fresh processes per case, results written after every case.

var errInterrupted = errors.New("interrupted")

// runChild runs bursts in a fresh process; every operation is bounded by the grid's operation timeout (the child is
// killed and the case fails), and so is the process's start and priming.
func runChild(s spec, bursts int, budget float64, timeout time.Duration, interrupt <-chan os.Signal) ([]burst, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	encoded, _ := json.Marshal(s)
	cmd := exec.Command(self, "--child", string(encoded), "--bursts", strconv.Itoa(bursts), "--budget", strconv.FormatFloat(budget, 'f', -1, 64))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr tail
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string, 16)
	go func() {
		scanner := bufio.NewScanner(stdout)
		scanner.Buffer(make([]byte, 64*1024), 1<<20)
		for scanner.Scan() {
			lines <- scanner.Text()
		}
		close(lines)
	}()
	kill := func() {
		_ = cmd.Process.Kill()
		for range lines {
		}
		_ = cmd.Wait()
	}
	var records []burst
	inBurst := -1
	timer := time.NewTimer(timeout + setupGrace)
	defer timer.Stop()
	reset := func(d time.Duration) {
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(d)
	}
	for open := true; open; {
		select {
		case line, ok := <-lines:
			if !ok {
				open = false
				break
			}
			if strings.HasPrefix(line, "start ") {
				inBurst, _ = strconv.Atoi(strings.TrimPrefix(line, "start "))
				reset(timeout + burstGrace)
				continue
			}
			var b burst
			if err := json.Unmarshal([]byte(line), &b); err != nil {
				kill()
				return nil, fmt.Errorf("unreadable burst record: %v", err)
			}
			if err := verify(s, b, timeout); err != nil {
				kill()
				return nil, fmt.Errorf("burst %d: %v", len(records)+1, err)
			}
			records = append(records, b)
			inBurst = -1
			reset(timeout + setupGrace)
		case <-timer.C:
			kill()
			if inBurst >= 0 {
				return nil, fmt.Errorf("burst %d did not finish within the operation timeout (%.0f s): killed (bounded: the case is recorded as failed)", inBurst+1, timeout.Seconds())
			}
			return nil, fmt.Errorf("the process did not start a burst within %.0f s: killed", (timeout + setupGrace).Seconds())
		case <-interrupt:
			kill()
			return nil, errInterrupted
		}
	}
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr.last())
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("no burst recorded: %s", stderr.last())
	}
	return records, nil
}

// tail keeps the end of a child's stderr, for a one-line reason when it fails.
type tail struct{ data []byte }

func (t *tail) Write(p []byte) (int, error) {
	t.data = append(t.data, p...)
	if len(t.data) > 8192 {
		t.data = t.data[len(t.data)-8192:]
	}
	return len(p), nil
}

func (t *tail) last() string {
	lines := strings.Split(strings.TrimSpace(string(t.data)), "\n")
	if last := strings.TrimSpace(lines[len(lines)-1]); last != "" {
		return last
	}
	return "no message"
}

type caseResult struct {
	Type         string  `json:"type"`
	Method       string  `json:"method"`
	Label        string  `json:"label"`
	Parameters   params  `json:"parameters"`
	IdealSeconds float64 `json:"idealSeconds"`
	Repeated     []burst `json:"repeated"`
	Cold         []burst `json:"cold"`
}

type runtimeInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Detail  string `json:"detail"`
}

type document struct {
	Format       string       `json:"format"`
	Runtime      runtimeInfo  `json:"runtime"`
	Machine      machineInfo  `json:"machine"`
	Profile      string       `json:"profile"`
	Priming      string       `json:"priming"`
	PeakRssScope string       `json:"peakRssScope"`
	Complete     bool         `json:"complete"`
	Cases        []caseResult `json:"cases"`
}

func write(path string, doc document) error {
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return err
	}
	temporary := path + ".tmp"
	if err := os.WriteFile(temporary, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(temporary, path)
}

// readGrid reads and checks the profile's grid; the error names what is wrong in one line.
func readGrid(path string) (grid, error) {
	var g grid
	data, err := os.ReadFile(path)
	if err != nil {
		return g, err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return g, err
	}
	for _, key := range []string{"name", "delayMs", "iterations", "coldLaunches", "asyncDelayJobs", "offloadJobs", "workers",
		"blockingJobs", "maxIdealPerOperationSeconds", "operationTimeoutSeconds"} {
		if _, ok := keys[key]; !ok {
			return g, fmt.Errorf("no '%s'", key)
		}
	}
	if err := json.Unmarshal(data, &g); err != nil {
		return g, err
	}
	if g.DelayMs <= 0 || g.Iterations < 1 || g.ColdLaunches < 0 || !(g.OperationTimeoutSeconds > 0) {
		return g, errors.New("delayMs, iterations, coldLaunches or operationTimeoutSeconds out of range")
	}
	for n, d := range g.AsyncDelayMsByJobs {
		if count, err := strconv.Atoi(n); err != nil || count < 1 || d <= 0 {
			return g, fmt.Errorf("asyncDelayMsByJobs holds %q: %d, not a count and a delay of at least 1 ms", n, d)
		}
	}
	if g.BudgetSeconds < 0 || math.IsInf(g.BudgetSeconds, 0) {
		return g, errors.New("budgetSeconds out of range")
	}
	for _, list := range [][]int{g.AsyncDelayJobs, g.OffloadJobs, g.Workers, g.BlockingJobs} {
		for _, v := range list {
			if v < 1 {
				return g, fmt.Errorf("a job or worker count of %d", v)
			}
		}
	}
	return g, nil
}

func fail(format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "error: "+format+"\n", args...)
	return 2
}

func run(args []string) int {
	flags := flag.NewFlagSet("concurrencybench-go", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	gridPath := flags.String("grid", "", "the profile as `ConcurrencyBench.Benchmarks --describe` writes it")
	outPath := flags.String("out", "", "the results file to write")
	budget := flags.Float64("budget", defaultBudget, "seconds per case and burst kind past which no more bursts (or cold processes) start; at least 2 repeated and 1 cold always run")
	only := flags.String("only", "", "run only the cases whose full name contains this")
	childSpec := flags.String("child", "", "")
	bursts := flags.Int("bursts", 1, "")
	if err := flags.Parse(args); err != nil {
		return fail("%v", err)
	}
	if flags.NArg() > 0 {
		return fail("unexpected argument '%s'", flags.Arg(0))
	}
	if !(*budget > 0) || math.IsInf(*budget, 0) {
		return fail("--budget must be a positive number of seconds, not %v", *budget)
	}
	if *childSpec != "" {
		var s spec
		if err := json.Unmarshal([]byte(*childSpec), &s); err != nil {
			return fail("--child: %v", err)
		}
		if err := child(s, *bursts, time.Duration(*budget*float64(time.Second))); err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			return 1
		}
		return 0
	}
	if *gridPath == "" || *outPath == "" {
		return fail("--grid and --out are required")
	}
	g, err := readGrid(*gridPath)
	if err != nil {
		return fail("%s: not a profile grid (%v)", *gridPath, err)
	}
	// The profile's own budget, unless the command line gave one.
	budgetGiven := false
	flags.Visit(func(f *flag.Flag) { budgetGiven = budgetGiven || f.Name == "budget" })
	if g.BudgetSeconds > 0 && !budgetGiven {
		*budget = g.BudgetSeconds
	}
	if _, err := os.Stat(*outPath); err == nil {
		return fail("%s already exists; choose another --out", *outPath)
	}
	if info, err := os.Stat(filepath.Dir(*outPath)); err != nil || !info.IsDir() {
		return fail("%s: its folder does not exist", *outPath)
	}
	all, leftOut := casesOf(g)
	var cases []benchCase
	for _, c := range all {
		if strings.Contains(c.fullName(), *only) {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		return fail("no Go case of profile '%s' matches '%s'", g.Name, *only)
	}
	for _, reason := range leftOut {
		if strings.Contains(reason, *only) {
			// As the .NET side prints its leave-outs, prefixed with the runtime.
			fmt.Printf("go: left out of profile '%s': %s\n", g.Name, reason)
		}
	}
	scope := "burst"
	if !resetPeakRss() {
		scope = "process"
	}
	doc := document{
		Format:       format,
		Runtime:      runtimeInfo{Name: "Go", Version: strings.TrimPrefix(runtime.Version(), "go"), Detail: fmt.Sprintf("gc %s %s/%s, GOMAXPROCS %d", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))},
		Machine:      machine(),
		Profile:      g.Name,
		Priming:      priming,
		PeakRssScope: scope,
		Cases:        []caseResult{},
	}
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt, syscall.SIGTERM)
	timeout := time.Duration(g.OperationTimeoutSeconds * float64(time.Second))
	failed := 0
	for _, c := range cases {
		name := c.fullName()
		// Repeated bursts in one process, then cold bursts in fresh ones, each kind within the budget.
		repeated, err := runChild(c.Spec, g.Iterations, *budget, timeout, interrupt)
		var cold []burst
		if err == nil {
			coldStarted := time.Now()
			for launched := 0; launched < g.ColdLaunches && (launched == 0 || time.Since(coldStarted).Seconds() < *budget); launched++ {
				var records []burst
				if records, err = runChild(c.Spec, 1, *budget, timeout, interrupt); err != nil {
					break
				}
				cold = append(cold, records...)
			}
		}
		if errors.Is(err, errInterrupted) {
			fmt.Fprintln(os.Stderr, "go: interrupted; the results file keeps the cases that finished")
			return 130
		}
		if err != nil {
			failed++
			fmt.Fprintf(os.Stderr, "go: %s: failed: %v\n", name, err)
			continue
		}
		doc.Cases = append(doc.Cases, caseResult{c.Type, c.Method, c.Label, c.Params, c.Ideal, repeated, cold})
		if err := write(*outPath, doc); err != nil {
			fmt.Fprintf(os.Stderr, "error: %s: %v\n", *outPath, err)
			return 1
		}
		all := append(append([]burst{}, repeated...), cold...)
		sort.Slice(all, func(i, j int) bool { return all[i].Ns < all[j].Ns })
		fmt.Printf("go: %s: %d repeated + %d cold bursts, median %.1f ms\n", name, len(repeated), len(cold), float64(all[len(all)/2].Ns)/1e6)
	}
	if len(doc.Cases) == 0 {
		// A run in which nothing ran writes nothing (the reader refuses a file without a case).
		fmt.Fprintf(os.Stderr, "go: no case finished; %s not written\n", *outPath)
		return 1
	}
	doc.Complete = true
	if err := write(*outPath, doc); err != nil {
		fmt.Fprintf(os.Stderr, "error: %s: %v\n", *outPath, err)
		return 1
	}
	fmt.Printf("go: %d cases written to %s; %d failed\n", len(doc.Cases), *outPath, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

func main() {
	os.Exit(run(os.Args[1:]))
}
