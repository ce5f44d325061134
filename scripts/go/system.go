package main

// What the process and the machine look like: /proc/self/status, the peak-RSS reset, getrusage, /proc/cpuinfo.

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// status is one read of /proc/self/status.
type status struct {
	threads  int64
	rssBytes int64
	hwmBytes int64
}

func readStatus() status {
	var s status
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return s
	}
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		field := func(prefix string) (int64, bool) {
			if !bytes.HasPrefix(line, []byte(prefix)) {
				return 0, false
			}
			parts := strings.Fields(string(line[len(prefix):]))
			if len(parts) == 0 {
				return 0, false
			}
			v, err := strconv.ParseInt(parts[0], 10, 64)
			return v, err == nil
		}
		if v, ok := field("Threads:"); ok {
			s.threads = v
		} else if v, ok := field("VmRSS:"); ok {
			s.rssBytes = v * 1024
		} else if v, ok := field("VmHWM:"); ok {
			s.hwmBytes = v * 1024
		}
	}
	return s
}

// resetPeakRss makes VmHWM the peak since now (Linux: "5" written to /proc/self/clear_refs); false where it cannot.
func resetPeakRss() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

func rusage() syscall.Rusage {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru
}

func ms(t syscall.Timeval) float64 {
	return float64(t.Sec)*1000 + float64(t.Usec)/1000
}

// machineInfo names the machine as the Python runner does: the processor from /proc/cpuinfo's "model name", the
// logical cores, the OS with its PRETTY_NAME, the architecture in .NET's terms.
type machineInfo struct {
	Processor    string `json:"processor"`
	LogicalCores int    `json:"logicalCores"`
	Os           string `json:"os"`
	Architecture string `json:"architecture"`
}

func machine() machineInfo {
	m := machineInfo{Processor: runtime.GOARCH, LogicalCores: runtime.NumCPU(), Os: "Linux", Architecture: runtime.GOARCH}
	if runtime.GOOS != "linux" {
		m.Os = strings.ToUpper(runtime.GOOS[:1]) + runtime.GOOS[1:]
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		processors := 0
		named := false
		scanner := bufio.NewScanner(f)
		for scanner.Scan() {
			line := scanner.Text()
			if strings.HasPrefix(line, "model name") && !named {
				if _, value, ok := strings.Cut(line, ":"); ok {
					m.Processor = strings.TrimSpace(value)
					named = true
				}
			} else if strings.HasPrefix(line, "processor") {
				processors++
			}
		}
		f.Close()
		if processors > 0 {
			m.LogicalCores = processors
		}
	}
	for _, path := range []string{"/etc/os-release", "/usr/lib/os-release"} {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "PRETTY_NAME=") {
				m.Os = strings.TrimSpace(m.Os + " " + strings.Trim(strings.TrimPrefix(line, "PRETTY_NAME="), `"'`))
			}
		}
		break
	}
	switch runtime.GOARCH {
	case "amd64":
		m.Architecture = "X64"
	case "arm64":
		m.Architecture = "Arm64"
	}
	return m
}
