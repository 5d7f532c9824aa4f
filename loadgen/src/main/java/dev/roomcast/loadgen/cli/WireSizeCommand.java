package dev.roomcast.loadgen.cli;

import dev.roomcast.loadgen.wire.WireSizeReport;
import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Offline: bytes per message on the wire vs JSON, both chat mixes, bundled vs learned dictionary. No services needed. */
@Command(name = "wire-size", mixinStandardHelpOptions = true,
        description = "deterministic wire size per message vs plain JSON (1/2/5/20-message blocks, both mixes, bundled vs learned dictionary)")
public final class WireSizeCommand implements Callable<Integer> {

    @Option(names = "--json", description = "write the figures as JSON to this file")
    File json;

    @Override
    public Integer call() throws Exception {
        String report = WireSizeReport.run(System.out);
        if (json != null) {
            Files.writeString(json.toPath(), report);
            System.out.println("written " + json);
        }
        return 0;
    }
}
