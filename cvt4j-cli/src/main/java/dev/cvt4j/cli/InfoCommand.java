package dev.cvt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.ModelSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cvt info}: the per-stage structure, parameters and MACs of a model, without loading weights. */
@Command(name = "info", description = "Per-stage table (tokens, dim, heads, depth, params, MACs) and totals.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig e = modelOptions.experiment();
        ModelSummary s = ModelSummary.of(e.model(), e.test().height(), e.test().width());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(e, s)));
        } else {
            printTable(out, e, s);
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, ExperimentConfig e, ModelSummary s) {
        out.printf(
                "%s at %dx%d (width x height): %,d parameters, %.3f GMACs per image%n",
                e.name(), s.width(), s.height(), s.params(), s.macs() / 1e9);
        String row = "%-6s %-12s %6s %6s %6s %14s %10s%n";
        out.printf(row, "stage", "tokens", "dim", "heads", "depth", "params", "GMACs");
        for (ModelSummary.Stage st : s.stages()) {
            String tokens = st.gridHeight() + "x" + st.gridWidth() + (st.clsToken() ? "+cls" : "");
            out.printf(
                    row,
                    st.index(),
                    tokens,
                    st.dim(),
                    st.heads(),
                    st.depth(),
                    String.format("%,d", st.params()),
                    String.format("%.3f", st.macs() / 1e9));
        }
        out.printf(
                row,
                "head",
                "",
                "",
                "",
                "",
                String.format("%,d", s.headParams()),
                String.format("%.3f", s.headMacs() / 1e9));
        out.printf(
                row, "total", "", "", "", "", String.format("%,d", s.params()), String.format("%.3f", s.macs() / 1e9));
    }

    private static ObjectNode toJson(ExperimentConfig e, ModelSummary s) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", e.name());
        root.putArray("image_size").add(s.width()).add(s.height());
        ArrayNode stages = root.putArray("stages");
        for (ModelSummary.Stage st : s.stages()) {
            ObjectNode n = stages.addObject();
            n.put("index", st.index());
            n.putArray("grid").add(st.gridHeight()).add(st.gridWidth());
            n.put("cls_token", st.clsToken());
            n.put("tokens", st.tokens());
            n.put("dim", st.dim());
            n.put("heads", st.heads());
            n.put("depth", st.depth());
            n.put("params", st.params());
            n.put("macs", st.macs());
        }
        root.putObject("head").put("params", s.headParams()).put("macs", s.headMacs());
        root.putObject("total").put("params", s.params()).put("macs", s.macs());
        return root;
    }
}
