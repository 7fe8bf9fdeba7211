// Command history-checker reads the history PartitionHistoryIT recorded (one JSON
// object a line: the setting, every client operation with its call, return and
// outcome, the nemesis' cuts and heals) and prints what the partitions cost:
//
//   - per-key linearizability of a register (writes and reads of /entries/{key}) and
//     of the counter (POST and GET /counter), checked with Porcupine;
//   - acknowledged writes gone after the heal: a write answered 2xx whose key, read
//     after the last heal, holds nothing or the value of a write that returned
//     before this one was called;
//   - an operation that failed (an error answer, or no connection) may or may not
//     have happened before its answer; one without an answer may happen at any time
//     after its call, or never;
//   - per round: how long the cut-off side kept acknowledging writes, when it first
//     refused one, the requests that failed while the network was cut, and the time
//     from the heal to one cluster.
//
// Every figure is printed on a line the test parses; the exit code is 0 whenever
// the history could be read and checked, whatever the verdict.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

// record is one line of the history.
type record struct {
	Type       string   `json:"type"` // setting, op, cut, heal, one-cluster
	Protection string   `json:"protection"`
	WindowMs   int64    `json:"windowMs"`
	Round      int      `json:"round"`
	Nemesis    string   `json:"nemesis"`
	Minority   []string `json:"minority"`
	At         int64    `json:"at"`
	Client     int      `json:"client"`
	Pod        string   `json:"pod"`
	F          string   `json:"f"` // write, read, inc, counter
	Key        string   `json:"key"`
	Value      string   `json:"value"`
	Call       int64    `json:"call"`
	Ret        int64    `json:"ret"`
	Outcome    string   `json:"outcome"` // ok, fail, unknown
	Result     *string  `json:"result"`  // read: the value, null when absent; inc, counter: the number
	Final      bool     `json:"final"`
}

type round struct {
	number     int
	nemesis    string
	minority   map[string]bool
	cut        int64
	heal       int64
	oneCluster int64
}

type registerInput struct {
	write bool
	value string
	maybe bool // failed or unanswered: it may or may not have happened
}

type counterInput struct {
	inc   bool
	maybe bool
}

func main() {
	historyPath := flag.String("history", "", "the history file (JSON lines)")
	out := flag.String("out", "", "directory for the visualizations of violations (none when empty)")
	keyTimeout := flag.Duration("key-timeout", 20*time.Second, "Porcupine's time limit per register key")
	counterTimeout := flag.Duration("counter-timeout", 60*time.Second, "Porcupine's time limit for the counter")
	flag.Parse()
	if *historyPath == "" {
		fail("usage: history-checker -history FILE [-out DIR]")
	}
	records, err := read(*historyPath)
	if err != nil {
		fail(err.Error())
	}
	check(records, *out, *keyTimeout, *counterTimeout)
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "history-checker: "+message)
	os.Exit(2)
}

func read(path string) ([]record, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var records []record
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; scanner.Scan(); line++ {
		if strings.TrimSpace(scanner.Text()) == "" {
			continue
		}
		var r record
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		records = append(records, r)
	}
	return records, scanner.Err()
}

func check(records []record, out string, keyTimeout, counterTimeout time.Duration) {
	setting := "unknown"
	var windowMs int64
	rounds := map[int]*round{}
	var ops []record
	var end int64
	for _, r := range records {
		switch r.Type {
		case "setting":
			setting, windowMs = r.Protection, r.WindowMs
		case "cut":
			minority := map[string]bool{}
			for _, pod := range r.Minority {
				minority[pod] = true
			}
			rounds[r.Round] = &round{number: r.Round, nemesis: r.Nemesis, minority: minority, cut: r.At}
		case "heal":
			rounds[r.Round].heal = r.At
		case "one-cluster":
			rounds[r.Round].oneCluster = r.At
		case "op":
			ops = append(ops, r)
			if r.Ret > end {
				end = r.Ret
			}
		}
	}
	// An operation without an answer may take effect any time after its call: it
	// returns, for Porcupine, after everything else.
	never := end + int64(time.Hour)

	registers := map[string][]porcupine.Operation{}
	var counter []porcupine.Operation
	writers := map[string]map[string]record{}
	finals := map[string][]record{}
	acked, indeterminateIncs := 0, 0
	var finalCounter int64 = -1
	for _, op := range ops {
		ret := op.Ret
		if op.Outcome == "unknown" {
			ret = never
		}
		switch op.F {
		case "write":
			if writers[op.Key] == nil {
				writers[op.Key] = map[string]record{}
			}
			writers[op.Key][op.Value] = op
			// A write answered with an error may have happened before the error (the
			// member that applied it answered, but the answer was lost in the cut);
			// one without an answer may happen at any time after its call.
			registers[op.Key] = append(registers[op.Key], porcupine.Operation{ClientId: op.Client,
				Input: registerInput{write: true, value: op.Value, maybe: op.Outcome != "ok"}, Call: op.Call,
				Return: ret})
		case "read":
			if op.Final && op.Outcome == "ok" {
				finals[op.Key] = append(finals[op.Key], op)
			}
			if op.Outcome == "ok" {
				registers[op.Key] = append(registers[op.Key], porcupine.Operation{ClientId: op.Client,
					Input: registerInput{}, Output: value(op.Result), Call: op.Call, Return: op.Ret})
			}
		case "inc":
			if op.Outcome == "ok" {
				acked++
				counter = append(counter, porcupine.Operation{ClientId: op.Client, Input: counterInput{inc: true},
					Output: number(op.Result), Call: op.Call, Return: op.Ret})
			} else {
				if op.Outcome == "unknown" {
					indeterminateIncs++
				}
				counter = append(counter, porcupine.Operation{ClientId: op.Client,
					Input: counterInput{inc: true, maybe: true}, Output: int64(-1), Call: op.Call, Return: ret})
			}
		case "counter":
			if op.Outcome == "ok" {
				counter = append(counter, porcupine.Operation{ClientId: op.Client, Input: counterInput{},
					Output: number(op.Result), Call: op.Call, Return: op.Ret})
				if op.Final && number(op.Result) > finalCounter {
					finalCounter = number(op.Result)
				}
			}
		}
	}

	// Acknowledged writes gone after the heal, per round.
	numbers := make([]int, 0, len(rounds))
	for n := range rounds {
		numbers = append(numbers, n)
	}
	sort.Ints(numbers)
	lostByRound := map[int]int{}
	outsideByRound := map[int]int{}
	ackedByRound := map[int]int{}
	unread := map[string]bool{}
	var lostExamples []string
	for _, op := range ops {
		if op.F != "write" || op.Outcome != "ok" {
			continue
		}
		ackedByRound[op.Round]++
		reads := finals[op.Key]
		if len(reads) == 0 {
			unread[op.Key] = true
			continue
		}
		for _, final := range reads {
			if !lost(op, final, writers[op.Key]) {
				continue
			}
			lostByRound[op.Round]++
			if r := rounds[op.Round]; r == nil || op.Call < r.cut || op.Call > r.cut+windowMs*int64(time.Millisecond) {
				outsideByRound[op.Round]++
			}
			if len(lostExamples) < 5 {
				lostExamples = append(lostExamples, fmt.Sprintf("%s=%s (acknowledged by %s at %d ms) read %s on %s",
					op.Key, op.Value, op.Pod, op.Ret/int64(time.Millisecond), describe(final.Result), final.Pod))
			}
			break
		}
	}

	totalLost, totalOutside, maxWindow := 0, 0, int64(0)
	for _, n := range numbers {
		r := rounds[n]
		window, failed, unknown, during := detection(r, ops)
		refusal := firstRefusal(r, ops)
		if window > maxWindow {
			maxWindow = window
		}
		totalLost += lostByRound[n]
		totalOutside += outsideByRound[n]
		minority := make([]string, 0, len(r.minority))
		for pod := range r.minority {
			minority = append(minority, pod)
		}
		sort.Strings(minority)
		fmt.Printf("E2E-PARTITION setting=%s round=%d nemesis=%s minority=%s acked-writes=%d acked-lost=%d "+
			"acked-lost-outside-window=%d detection-window-ms=%d requests-during-partition=%d "+
			"failed-during-partition=%d unknown-during-partition=%d partition-ms=%d heal-to-one-cluster-ms=%d "+
			"first-refusal-ms=%d\n",
			setting, n, r.nemesis, strings.Join(minority, ","), ackedByRound[n], lostByRound[n], outsideByRound[n],
			window, during, failed, unknown, ms(r.heal-r.cut), ms(r.oneCluster-r.heal), refusal)
	}
	if len(unread) > 0 {
		keys := make([]string, 0, len(unread))
		for key := range unread {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		fmt.Printf("E2E-UNREAD setting=%s keys=%s (acknowledged writes, no final read)\n", setting, strings.Join(keys, ","))
	}
	for _, example := range lostExamples {
		fmt.Printf("E2E-LOST setting=%s %s\n", setting, example)
	}

	// Per-key linearizability.
	keys := make([]string, 0, len(registers))
	for key := range registers {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	results := map[porcupine.CheckResult]int{}
	registerOps, drawn := 0, 0
	var illegalKeys []string
	for _, key := range keys {
		history := registers[key]
		registerOps += len(history)
		result, info := porcupine.CheckOperationsVerbose(registerModel, history, keyTimeout)
		results[result]++
		if result == porcupine.Illegal {
			illegalKeys = append(illegalKeys, key)
			if out != "" && drawn < 5 {
				drawn++
				visualize(registerModel, info, out, "register-"+key)
			}
		}
	}
	fmt.Printf("E2E-LINEARIZABILITY setting=%s model=register keys=%d ops=%d ok=%d illegal=%d unknown=%d%s\n", setting,
		len(keys), registerOps, results[porcupine.Ok], results[porcupine.Illegal], results[porcupine.Unknown],
		firstKeys(illegalKeys))

	counterResult, counterInfo := porcupine.CheckOperationsVerbose(counterModel, counter, counterTimeout)
	if counterResult == porcupine.Illegal && out != "" {
		visualize(counterModel, counterInfo, out, "counter")
	}
	// Two acknowledged increments that returned the same value: one of them was
	// applied to a copy of the counter that the heal threw away.
	returned := map[int64]int{}
	duplicates := 0
	for _, op := range ops {
		if op.F == "inc" && op.Outcome == "ok" {
			if returned[number(op.Result)]++; returned[number(op.Result)] > 1 {
				duplicates++
			}
		}
	}
	incrementsLost := int64(0)
	if finalCounter >= 0 && int64(acked) > finalCounter {
		incrementsLost = int64(acked) - finalCounter
	}
	fmt.Printf("E2E-LINEARIZABILITY setting=%s model=counter ops=%d result=%s increments-acked=%d "+
		"increments-unanswered=%d final=%d increments-lost=%d increments-returning-a-value-already-returned=%d\n",
		setting, len(counter), counterResult, acked, indeterminateIncs, finalCounter, incrementsLost, duplicates)

	violations := results[porcupine.Illegal]
	if counterResult == porcupine.Illegal {
		violations++
	}
	undecided := results[porcupine.Unknown]
	if counterResult == porcupine.Unknown {
		undecided++
	}
	fmt.Printf("E2E-HISTORY-VERDICT setting=%s rounds=%d ops=%d acked-lost=%d acked-lost-outside-window=%d "+
		"window-ms=%d max-detection-window-ms=%d violations=%d undecided=%d unread-keys=%d increments-lost=%d\n",
		setting, len(numbers), len(ops), totalLost, totalOutside, windowMs, maxWindow, violations, undecided, len(unread),
		incrementsLost)
}

// lost tells whether an acknowledged write is gone from what a final read saw: the
// key holds nothing, a value no one wrote, or the value of a write that had returned
// before this one was called.
func lost(write, final record, writers map[string]record) bool {
	if final.Result == nil {
		return true
	}
	if *final.Result == write.Value {
		return false
	}
	writer, found := writers[*final.Result]
	if !found {
		return true
	}
	// A write answered (with success or an error) took effect, if at all, before its
	// answer.
	return writer.Outcome != "unknown" && writer.Ret < write.Call
}

// detection measures one round: how long after the cut the cut-off side still
// acknowledged writes (until the heal at most), and the requests called while the
// network was cut, with those that failed or got no answer.
func detection(r *round, ops []record) (windowMs int64, failed, unknown, during int) {
	var last int64
	for _, op := range ops {
		if op.Call < r.cut || op.Call >= r.heal || op.Final {
			continue
		}
		during++
		switch op.Outcome {
		case "fail":
			failed++
		case "unknown":
			unknown++
		case "ok":
			if r.minority[op.Pod] && (op.F == "write" || op.F == "inc") {
				accepted := op.Ret
				if accepted > r.heal {
					accepted = r.heal
				}
				if accepted-r.cut > last {
					last = accepted - r.cut
				}
			}
		}
	}
	return ms(last), failed, unknown, during
}

// firstRefusal is the time from the cut until the cut-off side first answered an
// operation with an error (split-brain protection refusing it), -1 when it never did
// before the heal.
func firstRefusal(r *round, ops []record) int64 {
	first := int64(-1)
	for _, op := range ops {
		if !r.minority[op.Pod] || op.Outcome != "fail" || op.Ret < r.cut || op.Ret >= r.heal {
			continue
		}
		if first < 0 || op.Ret-r.cut < first {
			first = op.Ret - r.cut
		}
	}
	return ms(first)
}

var registerModel = (&porcupine.NondeterministicModel{
	Init: func() []interface{} { return []interface{}{""} },
	Step: func(state, input, output interface{}) []interface{} {
		in := input.(registerInput)
		switch {
		case in.write && in.maybe:
			return []interface{}{state, in.value}
		case in.write:
			return []interface{}{in.value}
		case output.(string) == state.(string):
			return []interface{}{state}
		default:
			return nil
		}
	},
	DescribeOperation: func(input, output interface{}) string {
		in := input.(registerInput)
		if in.write && in.maybe {
			return "write(" + in.value + ") -> error or no answer"
		}
		if in.write {
			return "write(" + in.value + ")"
		}
		return "read() -> " + quote(output.(string))
	},
	DescribeState: func(state interface{}) string { return quote(state.(string)) },
}).ToModel()

var counterModel = (&porcupine.NondeterministicModel{
	Init: func() []interface{} { return []interface{}{int64(0)} },
	Step: func(state, input, output interface{}) []interface{} {
		value := state.(int64)
		in := input.(counterInput)
		switch {
		case in.inc && in.maybe:
			return []interface{}{value, value + 1}
		case in.inc && output.(int64) == value+1:
			return []interface{}{value + 1}
		case !in.inc && output.(int64) == value:
			return []interface{}{value}
		default:
			return nil
		}
	},
	DescribeOperation: func(input, output interface{}) string {
		in := input.(counterInput)
		if in.inc && in.maybe {
			return "increment() -> error or no answer"
		}
		if in.inc {
			return fmt.Sprintf("increment() -> %d", output.(int64))
		}
		return fmt.Sprintf("read() -> %d", output.(int64))
	},
	DescribeState: func(state interface{}) string { return strconv.FormatInt(state.(int64), 10) },
}).ToModel()

func visualize(model porcupine.Model, info porcupine.LinearizationInfo, out, name string) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		fail(err.Error())
	}
	path := filepath.Join(out, name+".html")
	if err := porcupine.VisualizePath(model, info, path); err != nil {
		fail(err.Error())
	}
	fmt.Printf("E2E-VIOLATION %s: %s\n", name, path)
}

func value(result *string) string {
	if result == nil {
		return ""
	}
	return *result
}

func number(result *string) int64 {
	if result == nil {
		return -1
	}
	n, err := strconv.ParseInt(*result, 10, 64)
	if err != nil {
		fail("not a number: " + *result)
	}
	return n
}

func describe(result *string) string {
	if result == nil {
		return "nothing"
	}
	return quote(*result)
}

func quote(s string) string {
	if s == "" {
		return "(absent)"
	}
	return "'" + s + "'"
}

func firstKeys(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	if len(keys) > 5 {
		keys = keys[:5]
	}
	return " illegal-keys=" + strings.Join(keys, ",")
}

func ms(nanos int64) int64 {
	if nanos < 0 {
		return -1
	}
	return nanos / int64(time.Millisecond)
}
