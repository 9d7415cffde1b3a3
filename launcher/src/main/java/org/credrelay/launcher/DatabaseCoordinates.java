package org.credrelay.launcher;

import java.util.Objects;

/** Where the suite's PostgreSQL is; every service uses its own schema in this one database. */
public record DatabaseCoordinates(String jdbcUrl, String username, String password) {

  public DatabaseCoordinates {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("expected a jdbc:postgresql: URL, got " + jdbcUrl);
    }
    username = username == null ? "" : username;
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "DatabaseCoordinates[" + jdbcUrl + " as " + username + "]";
  }
}
