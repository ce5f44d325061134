package main

// The operations: one burst each, in Go's own idiom. Each returns what it did (a check) so that the orchestrator can
// verify the model's semantics (every result came back, no more than k calls at once) without reading anything into
// its timing.

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// stateBytes is the buffer each task of the state variant holds across its sleep (twin of .NET's
// AsyncDelays.AsyncMethodWithState).
const stateBytes = 1024

// check is what an operation reports about itself. Absent fields do not apply to the model.
type check struct {
	// Completed counts the jobs whose result came back to the join (or the calls that returned).
	Completed int64 `json:"completed"`
	// maxConcurrent is the most jobs in progress at once: sleeps started and not yet ended (the sleep models), blocking
	// calls in progress (the pools, in turn, thread per call). The burst record carries it as "maxConcurrent".
	maxConcurrent int64
	// Touched counts the state variant's buffers found intact and written after their sleep.
	Touched *int64 `json:"touched,omitempty"`
	// threads is the process's thread count where the model knows its peak (0 where it does not).
	threads int64
}

// gatherOrder is the two sleepers' outcome: the join's results in argument order and the order they resumed in.
type gatherOrder struct {
	Results []int `json:"results"`
	Resumed []int `json:"resumed"`
}

// gauge counts blocking calls in progress and remembers the most seen at once. The call that brings the count to
// full (all the calls the model can run at once) reads the process's threads: every call in progress then holds a
// thread, so that is the burst's peak, which a sampler can miss when the calls are short.
type gauge struct {
	current, max, completed atomic.Int64
	full                    int64
	threadsAtFull           atomic.Int64
}

func newGauge(full int) *gauge {
	return &gauge{full: int64(full)}
}

func (g *gauge) enter() {
	c := g.current.Add(1)
	if c == g.full && g.threadsAtFull.Load() == 0 {
		g.threadsAtFull.Store(readStatus().threads)
	}
	raise(&g.max, c)
}

func (g *gauge) exit() {
	g.current.Add(-1)
	g.completed.Add(1)
}

func (g *gauge) check() check {
	return check{Completed: g.completed.Load(), maxConcurrent: g.max.Load(), threads: g.threadsAtFull.Load()}
}

// raise makes *max at least c.
func raise(max *atomic.Int64, c int64) {
	for {
		m := max.Load()
		if c <= m || max.CompareAndSwap(m, c) {
			return
		}
	}
}

// sleeping counts the sleeps of the sleep models in progress (started, not yet ended) and the most at once: at a
// million goroutines of 100 ms, starting them takes longer than one sleeps, so fewer than N are ever asleep together.
// A sleep's start is one atomic addition. Its end reads the count it lowers: the count's highest value is always
// followed by an end (every sleep ends), so the most at once is the highest count an end lowered, and the
// compare-and-swap moves off the goroutines that start while others are still being made (at the end the count falls,
// so the compare fails without a swap). No /proc read, no completed count (the join counts its results).
type sleeping struct {
	current, max atomic.Int64
}

func (s *sleeping) enter() { s.current.Add(1) }

func (s *sleeping) exit() { raise(&s.max, s.current.Add(-1)+1) }

// blockingSleep is a blocking system call: nanosleep(2) holds its OS thread until it returns (time.Sleep would park
// only the goroutine). The runtime notices the thread is in a system call and hands its processor to another thread.
func blockingSleep(d time.Duration) {
	ts := syscall.NsecToTimespec(int64(d))
	for {
		var rem syscall.Timespec
		if err := syscall.Nanosleep(&ts, &rem); err != syscall.EINTR {
			return
		}
		ts = rem
	}
}

// sleeps: N goroutines, each time.Sleep(d), joined with a WaitGroup (twin of AsyncDelays.TaskDelayWhenAll).
func sleeps(n int, d time.Duration) check {
	results := make([]bool, n)
	var asleep sleeping
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			asleep.enter()
			time.Sleep(d)
			asleep.exit()
			results[i] = true
			wg.Done()
		}(i)
	}
	wg.Wait()
	return check{Completed: countTrue(results), maxConcurrent: asleep.max.Load()}
}

// sleepsWithState: N goroutines that each hold a 1 KiB buffer (written before the sleep, checked and written after
// it), joined with a WaitGroup (twin of AsyncDelays.AsyncMethodWithState). The buffer does not escape, so Go keeps it
// on the goroutine's stack, which grows to hold it: that is Go's cost of a task with 1 KiB of state.
func sleepsWithState(n int, d time.Duration) check {
	touched := make([]bool, n)
	var asleep sleeping
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			buf := make([]byte, stateBytes)
			binary.LittleEndian.PutUint32(buf, uint32(i))
			asleep.enter()
			time.Sleep(d)
			asleep.exit()
			if binary.LittleEndian.Uint32(buf) == uint32(i) {
				buf[stateBytes-1] = 1
				touched[i] = buf[stateBytes-1] == 1
			}
		}(i)
	}
	wg.Wait()
	t := countTrue(touched)
	return check{Completed: t, Touched: &t, maxConcurrent: asleep.max.Load()}
}

// offloadDefault: a goroutine per blocking call; the runtime adds OS threads for goroutines blocked in system calls
// (up to debug.SetMaxThreads, 10,000 by default). Twin of DefaultPoolOffload.DefaultThreadPool.
func offloadDefault(n int, d time.Duration) check {
	g := newGauge(n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			g.enter()
			blockingSleep(d)
			g.exit()
			wg.Done()
		}()
	}
	wg.Wait()
	return g.check()
}

// offloadWorkers: k worker goroutines pulling the N calls from a channel, each call a blocking system call. Twin of
// MaxWorkersOffload.BoundedExecutor. The workers start with the burst; their threads are the runtime's.
func offloadWorkers(n, k int, d time.Duration) check {
	g := newGauge(min(n, k))
	jobs := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	var wg sync.WaitGroup
	wg.Add(k)
	for w := 0; w < k; w++ {
		go func() {
			for range jobs {
				g.enter()
				blockingSleep(d)
				g.exit()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return g.check()
}

// sequential: the N blocking calls in turn (twin of BlockingCalls.Sequential).
func sequential(n int, d time.Duration) check {
	g := newGauge(1)
	for i := 0; i < n; i++ {
		g.enter()
		blockingSleep(d)
		g.exit()
	}
	return g.check()
}

// threadPerCall: a goroutine per call, locked to its OS thread with runtime.LockOSThread and never unlocked, so the
// runtime terminates that thread when the goroutine ends: an OS thread made and ended for each call, the nearest Go
// has to a thread per call (twin of BlockingCalls.ThreadPerCall).
func threadPerCall(n int, d time.Duration) check {
	g := newGauge(n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			runtime.LockOSThread()
			g.enter()
			blockingSleep(d)
			g.exit()
			wg.Done()
		}()
	}
	wg.Wait()
	return g.check()
}

// twoSleepers: the seed's first experiment, two goroutines sleeping 5 s and 4 s joined with a WaitGroup; each returns
// its index into a results slice and records when it resumed.
func twoSleepers(durations []time.Duration) (check, gatherOrder) {
	results := make([]int, len(durations))
	var resumed []int
	var asleep sleeping
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(len(durations))
	for i, d := range durations {
		go func(i int, d time.Duration) {
			asleep.enter()
			time.Sleep(d)
			asleep.exit()
			mu.Lock()
			resumed = append(resumed, i)
			mu.Unlock()
			results[i] = i
			wg.Done()
		}(i, d)
	}
	wg.Wait()
	return check{Completed: int64(len(resumed)), maxConcurrent: asleep.max.Load()}, gatherOrder{Results: results, Resumed: resumed}
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func countTrue(values []bool) int64 {
	var n int64
	for _, v := range values {
		if v {
			n++
		}
	}
	return n
}

// spec is one case's operation, as the orchestrator gives it in --case.
type spec struct {
	Op      string `json:"op"`
	N       int    `json:"n"`
	K       int    `json:"k"`
	DelayMs int    `json:"delayMs"`
}

// slowdown stretches every delay (CONCURRENCYBENCH_SLOWDOWN, as in the .NET harness: a test's way to make an
// operation outlast its timeout); 1 in every real run.
var slowdown = func() float64 {
	if f, err := strconv.ParseFloat(os.Getenv("CONCURRENCYBENCH_SLOWDOWN"), 64); err == nil && f > 0 {
		return f
	}
	return 1
}()

// run performs the operation of spec once, its delays stretched by scale (slowdown for a measured burst, 1 to prime).
func (s spec) run(scale float64) (check, *gatherOrder, error) {
	d := time.Duration(float64(s.DelayMs) * scale * float64(time.Millisecond))
	switch s.Op {
	case "sleeps":
		return sleeps(s.N, d), nil, nil
	case "sleeps-state":
		return sleepsWithState(s.N, d), nil, nil
	case "offload-default":
		return offloadDefault(s.N, d), nil, nil
	case "offload-workers":
		return offloadWorkers(s.N, s.K, d), nil, nil
	case "sequential":
		return sequential(s.N, d), nil, nil
	case "thread-per-call":
		return threadPerCall(s.N, d), nil, nil
	case "two-sleepers":
		// The seed's 5 s and 4 s (d = 1 s); priming passes its own delay: the same shape at 5 and 4 times it.
		c, g := twoSleepers([]time.Duration{5 * d, 4 * d})
		return c, &g, nil
	}
	return check{}, nil, fmt.Errorf("unknown operation %q", s.Op)
}
