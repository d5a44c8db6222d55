// Command kubecheck decodes every object of a multi-document YAML stream (what `helm template`
// prints) into its registered Go type, strictly: an unknown or misspelled field, a field given
// twice, a value of the wrong type, a kind or apiVersion the pinned API types do not know, or an
// object without a name fails. `kubectl apply --dry-run=client` would need a cluster's discovery;
// this needs nothing but the types, so it runs in a unit of CI without a cluster.
//
//	helm template ledger infra/helm/ledger | kubecheck            # reads stdin
//	kubecheck rendered.yaml other.yaml                             # or files
//	kubecheck -json rendered.yaml                                  # and print the decoded objects
//	kubecheck -versions                                            # the API modules it was built with
//
// With -json, stdout is a JSON array of {"source", "object"}: each object as its Go type encodes
// it again, so checks that read it see what the API server would be sent, never a field it drops.
// Exit status: 0 when every object decoded, 1 when one did not (each named on stderr), 2 on a
// usage or read error.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	k8sjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// The modules whose versions decide what "valid" means; -versions prints them from the build.
var apiModules = []string{
	"k8s.io/api",
	"k8s.io/apimachinery",
	"github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring",
	"github.com/kedacore/keda/v2",
}

func main() {
	versions := flag.Bool("versions", false, "print the API modules this build decodes against, then exit")
	asJSON := flag.Bool("json", false, "print the decoded objects as a JSON array on stdout (the summary goes to stderr)")
	flag.Parse()
	if *versions {
		printVersions(os.Stdout)
		return
	}
	scheme := newScheme()
	decoder := k8sjson.NewSerializerWithOptions(k8sjson.DefaultMetaFactory, scheme, scheme, k8sjson.SerializerOptions{Yaml: true, Strict: true})
	inputs, err := openInputs(flag.Args())
	if err != nil {
		fmt.Fprintf(os.Stderr, "kubecheck: %v\n", err)
		os.Exit(2)
	}
	report := checkAll(decoder, inputs)
	for _, failure := range report.failures {
		fmt.Fprintf(os.Stderr, "kubecheck: %s\n", failure)
	}
	if report.readError != nil {
		fmt.Fprintf(os.Stderr, "kubecheck: %v\n", report.readError)
		os.Exit(2)
	}
	summary := os.Stdout
	if *asJSON {
		summary = os.Stderr
		if err := json.NewEncoder(os.Stdout).Encode(report.decoded); err != nil {
			fmt.Fprintf(os.Stderr, "kubecheck: %v\n", err)
			os.Exit(2)
		}
	}
	fmt.Fprintf(summary, "kubecheck: %d objects, %d rejected (%s)\n", report.objects, len(report.failures), report.kindSummary())
	if len(report.failures) > 0 || report.objects == 0 {
		if report.objects == 0 {
			fmt.Fprintln(os.Stderr, "kubecheck: no objects in the input")
		}
		os.Exit(1)
	}
}

type input struct {
	name   string
	reader io.Reader
}

func openInputs(paths []string) ([]input, error) {
	if len(paths) == 0 {
		return []input{{name: "stdin", reader: os.Stdin}}, nil
	}
	inputs := make([]input, 0, len(paths))
	for _, path := range paths {
		file, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, input{name: path, reader: file})
	}
	return inputs, nil
}

type report struct {
	objects   int
	failures  []string
	kinds     map[string]int
	decoded   []decoded
	readError error
}

type decoded struct {
	Source string         `json:"source"`
	Object runtime.Object `json:"object"`
}

func (r *report) kindSummary() string {
	names := make([]string, 0, len(r.kinds))
	for kind, count := range r.kinds {
		names = append(names, fmt.Sprintf("%s %d", kind, count))
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func checkAll(decoder runtime.Decoder, inputs []input) *report {
	result := &report{kinds: map[string]int{}, decoded: []decoded{}}
	for _, in := range inputs {
		documents := utilyaml.NewYAMLReader(bufio.NewReader(in.reader))
		for index := 1; ; index++ {
			document, err := documents.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				result.readError = fmt.Errorf("%s: %w", in.name, err)
				return result
			}
			if isEmpty(document) {
				continue
			}
			result.objects++
			source := sourceOf(document)
			object, kind, err := decodeOne(decoder, document)
			if err != nil {
				where := fmt.Sprintf("%s document %d", in.name, index)
				if source != "" {
					where += " (" + source + ")"
				}
				result.failures = append(result.failures, fmt.Sprintf("%s: %v", where, err))
				continue
			}
			result.kinds[kind]++
			result.decoded = append(result.decoded, decoded{Source: source, Object: object})
		}
	}
	return result
}

// decodeOne returns an object that decoded strictly and has a name, with its "group/version Kind".
func decodeOne(decoder runtime.Decoder, document []byte) (runtime.Object, string, error) {
	object, gvk, err := decoder.Decode(document, nil, nil)
	if err != nil {
		// A strict decoding error still returns the object; it is a failure all the same.
		return nil, "", err
	}
	accessor, err := meta.Accessor(object)
	if err != nil {
		return nil, "", err
	}
	if accessor.GetName() == "" && accessor.GetGenerateName() == "" {
		return nil, "", fmt.Errorf("%s has no metadata.name", gvk.Kind)
	}
	return object, gvk.GroupVersion().String() + " " + gvk.Kind, nil
}

// isEmpty is true for a document of comments or whitespace only (helm prints those for
// templates that render nothing).
func isEmpty(document []byte) bool {
	converted, err := yaml.YAMLToJSON(document)
	if err != nil {
		return false
	}
	trimmed := bytes.TrimSpace(converted)
	return len(trimmed) == 0 || string(trimmed) == "null"
}

// sourceOf names the template a document came from: helm writes `# Source: chart/templates/x.yaml`.
func sourceOf(document []byte) string {
	for _, line := range strings.Split(string(document), "\n") {
		if source, found := strings.CutPrefix(strings.TrimSpace(line), "# Source: "); found {
			return source
		}
	}
	return ""
}

func printVersions(out io.Writer) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(out, "unknown (built without module information)")
		return
	}
	for _, wanted := range apiModules {
		for _, dependency := range info.Deps {
			if dependency.Path == wanted {
				fmt.Fprintf(out, "%s %s\n", dependency.Path, dependency.Version)
			}
		}
	}
}
