// Command concurrencybench-go: the Go runner of ConcurrencyBench (standard library only), a child of the suite's
// orchestrator (`cbench runtimes`), which owns the grid, the cases, the budget, the timeouts, verification and the
// results file. It speaks the protocol concurrencybench-runner/1 (docs/runtimes.md):
//
//	concurrencybench-go --describe     one JSON line: the runtime, the machine, the ops and their labels
//	concurrencybench-go --case JSON    prime as told, print {"ready":true}, then one {"burst":{…}} per "burst" line on
//	                                   stdin, until "stop" or the end of stdin
//
// Exit codes: 0 stopped; 1 a failure ({"error":"…"} on stdout); 2 a bad command line (one line on stderr).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"time"
)

const protocol = "concurrencybench-runner/1"

// ops are the protocol's ops Go has, with the labels the report shows.
var ops = map[string]string{
	"sleeps":          "goroutine per time.Sleep + WaitGroup",
	"sleeps-state":    "goroutine holding 1 KiB, time.Sleep + WaitGroup",
	"offload-default": "goroutine per syscall.Nanosleep (runtime threads, at most 10,000)",
	"offload-workers": "k worker goroutines on a channel, syscall.Nanosleep",
	"sequential":      "syscall.Nanosleep in turn",
	"thread-per-call": "goroutine per call locked to its own OS thread",
	"two-sleepers":    "two goroutines, time.Sleep(5 s) and (4 s), + WaitGroup",
}

// maxThreads is Go's default limit of OS threads (runtime/debug.SetMaxThreads): the most blocked system calls the
// runtime can give a thread each, so d·ceil(N/maxThreads) is the default model's lower bound.
const maxThreads = 10000

// burst is one measured operation, as the child prints it (the orchestrator writes it unchanged).
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
	return burst{
		Ns:                  ns,
		UserMs:              round3(ms(ru1.Utime) - ms(ru0.Utime)),
		SystemMs:            round3(ms(ru1.Stime) - ms(ru0.Stime)),
		VoluntarySwitches:   ru1.Nvcsw - ru0.Nvcsw,
		InvoluntarySwitches: ru1.Nivcsw - ru0.Nivcsw,
		Threads:             max64(before.threads, after.threads, c.threads),
		ThreadsAtStart:      before.threads,
		// The kernel's high-water mark can miss memory freed without updating it (madvise): the burst's peak is at
		// least what was resident at its start and at its end.
		PeakRssBytes:    max64(after.hwmBytes, after.rssBytes, before.rssBytes),
		RssAtStartBytes: before.rssBytes,
		MaxConcurrent:   c.maxConcurrent,
		Check:           c,
		Gather:          gather,
	}, nil
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func max64(first int64, rest ...int64) int64 {
	for _, x := range rest {
		if x > first {
			first = x
		}
	}
	return first
}

// caseSpec is --case's JSON: the op and its parameters, and the priming every runtime is told.
type caseSpec struct {
	spec
	Priming *struct {
		Rounds  int `json:"rounds"`
		DelayMs int `json:"delayMs"`
		PauseMs int `json:"pauseMs"`
	} `json:"priming"`
}

// parseCase reads and checks --case's JSON; the error names what is wrong in one line.
func parseCase(text string) (caseSpec, error) {
	var c caseSpec
	decoder := json.NewDecoder(strings.NewReader(text))
	// Fail closed on a field this runner does not know (a newer orchestrator's): it would be ignored silently.
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&c); err != nil {
		return c, err
	}
	if decoder.More() {
		return c, errors.New("text after the JSON object")
	}
	if _, ok := ops[c.Op]; !ok {
		return c, fmt.Errorf("op %q is not one of Go's (see --describe)", c.Op)
	}
	if c.DelayMs < 1 || (c.N < 1 && c.Op != "two-sleepers") || (c.K < 1 && c.Op == "offload-workers") || c.K < 0 {
		return c, errors.New("delayMs, n (every op but two-sleepers) and k (offload-workers) must be at least 1")
	}
	if c.Priming == nil || c.Priming.Rounds < 0 || c.Priming.DelayMs < 0 || c.Priming.PauseMs < 0 {
		return c, errors.New("priming {rounds, delayMs, pauseMs} missing or negative")
	}
	return c, nil
}

// child primes as told, then runs one burst per "burst" line on stdin. stdout is unbuffered in Go: every line goes
// out as it is printed.
func child(c caseSpec) error {
	// Priming at a size that cannot grow any pool: at most as many jobs as cores, k likewise capped. Go's runtime keeps
	// the few threads priming made, as .NET keeps its minimum.
	primed := c.spec
	primed.N = min(primed.N, machine().LogicalCores)
	primed.K = min(primed.K, primed.N)
	primed.DelayMs = c.Priming.DelayMs
	for i := 0; i < c.Priming.Rounds; i++ {
		if _, _, err := primed.run(1); err != nil {
			return err
		}
	}
	time.Sleep(time.Duration(c.Priming.PauseMs) * time.Millisecond)
	fmt.Println(`{"ready":true}`)
	stdin := bufio.NewScanner(os.Stdin)
	for stdin.Scan() {
		switch line := strings.TrimSpace(stdin.Text()); line {
		case "stop":
			return nil
		case "burst":
			// Collect what earlier bursts and priming left, outside the measurement.
			runtime.GC()
			b, err := measure(c.spec)
			if err != nil {
				return err
			}
			line, err := json.Marshal(struct {
				Burst burst `json:"burst"`
			}{b})
			if err != nil {
				return err
			}
			fmt.Println(string(line))
		default:
			return fmt.Errorf("unknown command %q on stdin (expected burst or stop)", line)
		}
	}
	return stdin.Err()
}

func describe() {
	scope := "burst"
	if !resetPeakRss() {
		scope = "process"
	}
	line, _ := json.Marshal(map[string]any{
		"protocol": protocol,
		"runtime": map[string]string{"name": "Go", "version": strings.TrimPrefix(runtime.Version(), "go"),
			"detail": fmt.Sprintf("gc %s %s/%s, GOMAXPROCS %d, NumCPU %d", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU())},
		"machine":      machine(),
		"peakRssScope": scope,
		// What the scheduler is sized by: GOMAXPROCS (the CPUs this process may use, or the GOMAXPROCS variable).
		"processors":   runtime.GOMAXPROCS(0),
		"defaultPool":  map[string]any{"threads": maxThreads, "rule": "Go's default limit of OS threads (runtime/debug.SetMaxThreads)"},
		"timerEarlyMs": 0,
		"ops":          ops,
	})
	fmt.Println(string(line))
}

func run(args []string) int {
	switch {
	case len(args) == 1 && args[0] == "--describe":
		describe()
		return 0
	case len(args) == 2 && args[0] == "--case":
		c, err := parseCase(args[1])
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: --case: %v\n", err)
			return 2
		}
		if err := child(c); err != nil {
			line, _ := json.Marshal(map[string]string{"error": err.Error()})
			fmt.Println(string(line))
			return 1
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "error: usage: concurrencybench-go --describe | --case JSON")
	return 2
}

func main() {
	os.Exit(run(os.Args[1:]))
}
