package dev.cvt4j.checkpoint;

import java.util.List;

/**
 * How a state dict fits a model, by official name: keys the model needs but the file lacks, keys the
 * file has but the model does not, and keys present in both with a different shape or type.
 *
 * @param missing keys of the model absent from the file, in model order
 * @param unexpected keys of the file the model has no place for, in file order
 * @param mismatched one entry per key whose shape or dtype differs, e.g.
 *     {@code head.weight: file [10, 96] F32, model [1000, 96] F32}
 */
public record LoadReport(List<String> missing, List<String> unexpected, List<String> mismatched) {
    private static final int SHOWN = 4;

    /** Copies the lists. */
    public LoadReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    /** True when every model key was found with the right shape and nothing was left over. */
    public boolean isClean() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    /**
     * One line, e.g. {@code 2 missing (norm.weight, norm.bias), 0 unexpected, 1 mismatched (...)};
     * each list shows its first few entries.
     */
    public String summary() {
        return part(missing.size() + " missing", missing) + ", " + part(unexpected.size() + " unexpected", unexpected)
                + ", " + part(mismatched.size() + " mismatched", mismatched);
    }

    private static String part(String head, List<String> keys) {
        if (keys.isEmpty()) {
            return head;
        }
        String shown = String.join("; ", keys.subList(0, Math.min(SHOWN, keys.size())));
        return head + " (" + shown + (keys.size() > SHOWN ? "; +" + (keys.size() - SHOWN) + " more" : "") + ")";
    }
}
