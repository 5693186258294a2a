package dev.cvt4j.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration, carried to the executors with a task (Hadoop's
 * {@link Configuration} is {@code Writable}, not {@code Serializable}), so that they reach HDFS or S3A
 * with the credentials and settings the driver has ({@code spark.hadoop.*}, {@code core-site.xml}).
 */
final class HadoopConf implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Configuration conf;

    /** @param conf the configuration to carry, e.g. {@code spark.sparkContext().hadoopConfiguration()} */
    HadoopConf(Configuration conf) {
        this.conf = conf;
    }

    /** @return the configuration */
    Configuration get() {
        return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
