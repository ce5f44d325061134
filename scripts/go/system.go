package main

// What the process and the machine look like: /proc/self/status, the peak-RSS reset, getrusage, /proc/cpuinfo.

import (
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
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if fields := strings.Fields(line); len(fields) >= 2 {
			v, _ := strconv.ParseInt(fields[1], 10, 64)
			switch fields[0] {
			case "Threads:":
				s.threads = v
			case "VmRSS:":
				s.rssBytes = v * 1024
			case "VmHWM:":
				s.hwmBytes = v * 1024
			}
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

// machineInfo names the machine as every runner does: the processor from /proc/cpuinfo's first "model name", the
// logical cores (its "processor" lines), the OS with its PRETTY_NAME, the architecture in .NET's terms.
type machineInfo struct {
	Processor    string `json:"processor"`
	LogicalCores int    `json:"logicalCores"`
	Os           string `json:"os"`
	Architecture string `json:"architecture"`
}

func machine() machineInfo {
	m := machineInfo{Processor: runtime.GOARCH, LogicalCores: runtime.NumCPU(), Os: "Linux", Architecture: runtime.GOARCH}
	cpuinfo, _ := os.ReadFile("/proc/cpuinfo")
	named, processors := false, 0
	for _, line := range strings.Split(string(cpuinfo), "\n") {
		if _, value, ok := strings.Cut(line, ":"); ok && strings.HasPrefix(line, "model name") && !named {
			m.Processor, named = strings.TrimSpace(value), true
		} else if strings.HasPrefix(line, "processor") {
			processors++
		}
	}
	if processors > 0 {
		m.LogicalCores = processors
	}
	release, err := os.ReadFile("/etc/os-release")
	if err != nil {
		release, _ = os.ReadFile("/usr/lib/os-release")
	}
	for _, line := range strings.Split(string(release), "\n") {
		if strings.HasPrefix(line, "PRETTY_NAME=") {
			m.Os += " " + strings.Trim(strings.TrimPrefix(line, "PRETTY_NAME="), `"'`)
		}
	}
	switch runtime.GOARCH {
	case "amd64":
		m.Architecture = "X64"
	case "arm64":
		m.Architecture = "Arm64"
	}
	return m
}
