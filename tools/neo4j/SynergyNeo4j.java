import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * A Neo4j Community server for synergy's tests and local use: the embedded DBMS plus its Bolt
 * connector, with authentication on. Usage (see up.sh, which compiles and starts it):
 *
 * <pre>java -cp 'lib/*:target/classes' SynergyNeo4j HOME PORT PASSWORD [key=value ...]</pre>
 *
 * Data, transaction logs and debug.log go under HOME. Extra key=value arguments are Neo4j
 * settings (e.g. server.memory.pagecache.size=1g). When the server answers, the file
 * HOME/ready is written; SIGTERM (down.sh) shuts the databases down cleanly.
 */
public final class SynergyNeo4j {
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]).toAbsolutePath();
    Map<String, String> settings = new TreeMap<>();
    settings.put("server.bolt.enabled", "true");
    settings.put("server.bolt.listen_address", "127.0.0.1:" + args[1]);
    settings.put("server.bolt.tls_level", "DISABLED");
    settings.put("dbms.security.auth_enabled", "true");
    settings.put("dbms.usage_report.enabled", "false");
    settings.put("server.memory.pagecache.size", "512m");
    settings.put("db.tx_log.rotation.retention_policy", "2 files");
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      settings.put(kv[0], kv[1]);
    }
    Files.deleteIfExists(home.resolve("ready"));
    // Written out (rather than set in code) so the effective settings can be read in HOME.
    StringBuilder conf = new StringBuilder("# written by SynergyNeo4j at each start\n");
    settings.forEach((k, v) -> conf.append(k).append('=').append(v).append('\n'));
    Path confFile = home.resolve("neo4j.conf");
    Files.writeString(confFile, conf);
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(confFile).build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dbms.shutdown();
      try {
        Files.deleteIfExists(home.resolve("ready"));
      } catch (Exception ignored) {
        // the pid/ready files are advisory; up.sh re-checks the Bolt port anyway
      }
    }));
    // The built-in user starts with password 'neo4j' that must be changed; embedded
    // transactions run with full rights, so set the dev password (a no-op error if unchanged).
    try {
      dbms.database("system").executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
          Map.of("password", args[2]));
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).contains("same")) {
        System.err.println("synergy-neo4j: cannot set the password: " + e.getMessage());
        System.exit(1);
      }
    }
    Files.writeString(home.resolve("ready"), "ready\n");
    System.out.println("synergy-neo4j: Bolt on 127.0.0.1:" + args[1] + ", data in " + home);
    Thread.currentThread().join();
  }
}
