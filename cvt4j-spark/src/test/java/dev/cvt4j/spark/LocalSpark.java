package dev.cvt4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The in-process Spark of the tests: {@code local[2]} (two task threads in this JVM), bound to 127.0.0.1,
 * without the web UI, shared by every test class of the run and stopped when the JVM exits.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    /** @return the shared session, started on first use */
    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("cvt4j-spark-test")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
