package dev.cvt4j.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the cvt4j version from the jar manifest. */
public final class Version implements IVersionProvider {
    /** {@inheritDoc} */
    @Override
    public String[] getVersion() {
        String v = CvtCli.class.getPackage().getImplementationVersion();
        return new String[] {"cvt4j " + (v == null ? "(development build)" : v)};
    }
}
