// Times porcupine on the shared corpus, file group by file group, for bench/checker-vs-porcupine.sh.
// Usage: porcupine-bench CORPUS_DIR RUNS
// Prints one line per group: "<group> <median ms of the whole group> <verdicts>".
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

// ---- the etcd register of the Jepsen logs (nil = absent; :info and timed-out reads unknown)

type etcdInput struct {
	op   int // 0 read, 1 write, 2 cas
	arg1 int
	arg2 int
}

type etcdOutput struct {
	ok      bool
	exists  bool
	value   int
	unknown bool
}

const absent = -1000000

var etcdModel = porcupine.Model{
	Init: func() interface{} { return absent },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		st := state.(int)
		in := input.(etcdInput)
		out := output.(etcdOutput)
		switch in.op {
		case 0:
			return (!out.exists && st == absent) || (out.exists && st == out.value) || out.unknown, st
		case 1:
			return true, in.arg1
		default:
			next := st
			if in.arg1 == st {
				next = in.arg2
			}
			return (in.arg1 == st && out.ok) || (in.arg1 != st && !out.ok) || out.unknown, next
		}
	},
}

var logLine = regexp.MustCompile(`jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$`)

func parseValue(s string) (int, int, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") {
		parts := strings.Fields(strings.Trim(s, "[]"))
		a, _ := strconv.Atoi(parts[0])
		b, _ := strconv.Atoi(parts[1])
		return a, b, true
	}
	v, err := strconv.Atoi(s)
	return v, 0, err == nil
}

func parseEtcd(path string) []porcupine.Operation {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	type open struct {
		in   etcdInput
		call int64
	}
	pending := map[int]open{}
	var ops []porcupine.Operation
	var t int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := logLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		t++
		proc, _ := strconv.Atoi(m[1])
		typ, fn, val := m[2], m[3], m[4]
		if typ == "invoke" {
			in := etcdInput{}
			switch fn {
			case "read":
				in.op = 0
			case "write":
				in.op = 1
				in.arg1, _, _ = parseValue(val)
			case "cas":
				in.op = 2
				in.arg1, in.arg2, _ = parseValue(val)
			}
			pending[proc] = open{in, t}
			continue
		}
		p, found := pending[proc]
		if !found {
			continue
		}
		delete(pending, proc)
		out := etcdOutput{}
		ret := t
		switch {
		case typ == "info" || (fn == "read" && typ == "fail"):
			out.unknown = true
			ret = math.MaxInt64
		case fn == "read":
			v, _, ok := parseValue(val)
			out.exists, out.value = ok, v
		case fn == "cas":
			out.ok = typ == "ok"
		}
		if typ == "fail" && fn == "write" {
			continue
		}
		ops = append(ops, porcupine.Operation{ClientId: proc, Input: p.in, Call: p.call, Output: out, Return: ret})
	}
	for proc, p := range pending {
		ops = append(ops, porcupine.Operation{ClientId: proc, Input: p.in, Call: p.call,
			Output: etcdOutput{unknown: true}, Return: math.MaxInt64})
	}
	return ops
}

// ---- the MIT kv: per-key strings, initially ""

type kvInput struct {
	op    int // 0 get, 1 put, 2 append
	key   string
	value string
}

var kvModel = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[string][]porcupine.Operation{}
		var keys []string
		for _, op := range history {
			k := op.Input.(kvInput).key
			if _, ok := byKey[k]; !ok {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], op)
		}
		var out [][]porcupine.Operation
		for _, k := range keys {
			out = append(out, byKey[k])
		}
		return out
	},
	Init: func() interface{} { return "" },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		st := state.(string)
		in := input.(kvInput)
		switch in.op {
		case 0:
			return output.(string) == st, st
		case 1:
			return true, in.value
		default:
			return true, st + in.value
		}
	},
}

var kvLine = regexp.MustCompile(`{:process (\d+), :type :(invoke|ok|fail|info), :f :(get|put|append), :key "(.*)", :value "(.*)"}`)

func parseKv(path string) []porcupine.Operation {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	type open struct {
		in   kvInput
		call int64
	}
	pending := map[int]open{}
	var ops []porcupine.Operation
	var t int64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		m := kvLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		t++
		proc, _ := strconv.Atoi(m[1])
		op := map[string]int{"get": 0, "put": 1, "append": 2}[m[3]]
		if m[2] == "invoke" {
			pending[proc] = open{kvInput{op, m[4], m[5]}, t}
			continue
		}
		p := pending[proc]
		delete(pending, proc)
		ops = append(ops, porcupine.Operation{ClientId: proc, Input: p.in, Call: p.call, Output: m[5], Return: t})
	}
	return ops
}

// ---- timing

func median(xs []time.Duration) time.Duration {
	s := append([]time.Duration(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func timeGroup(name string, files []string, model porcupine.Model, parse func(string) []porcupine.Operation, runs int) {
	histories := make([][]porcupine.Operation, len(files))
	for i, f := range files {
		histories[i] = parse(f)
	}
	var times []time.Duration
	valid, invalid, unknown := 0, 0, 0
	for r := -1; r < runs; r++ {
		valid, invalid, unknown = 0, 0, 0
		t0 := time.Now()
		for _, h := range histories {
			switch porcupine.CheckOperationsTimeout(model, h, 60*time.Second) {
			case porcupine.Ok:
				valid++
			case porcupine.Illegal:
				invalid++
			default:
				unknown++
			}
		}
		if r >= 0 {
			times = append(times, time.Since(t0))
		}
	}
	fmt.Printf("%s %.2f %d valid, %d invalid, %d unknown\n", name,
		float64(median(times).Microseconds())/1000, valid, invalid, unknown)
}

func main() {
	corpus := os.Args[1]
	runs, _ := strconv.Atoi(os.Args[2])
	etcd, _ := filepath.Glob(filepath.Join(corpus, "jepsen-etcd", "*.log"))
	timeGroup("jepsen-etcd", etcd, etcdModel, parseEtcd, runs)
	kv, _ := filepath.Glob(filepath.Join(corpus, "mit-kv", "*.txt"))
	for _, f := range kv {
		timeGroup(strings.TrimSuffix(filepath.Base(f), ".txt"), []string{f}, kvModel, parseKv, runs)
	}
}
