package org.credrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {

  @TempDir Path directory;

  @Test
  void classpathOfJarsAndEmptyDirectories_isArchivable() throws Exception {
    Path jar = Files.createFile(directory.resolve("a.jar"));
    Path empty = Files.createDirectory(directory.resolve("empty"));
    assertThat(ClassDataSharing.archivable(jar + File.pathSeparator + empty)).isTrue();
  }

  @Test
  void classpathWithAClassesDirectory_isNotArchivable() throws Exception {
    Path jar = Files.createFile(directory.resolve("a.jar"));
    Path classes = Files.createDirectory(directory.resolve("classes"));
    Files.createFile(classes.resolve("A.class"));
    assertThat(ClassDataSharing.archivable(jar + File.pathSeparator + classes)).isFalse();
  }

  @Test
  void missingArchive_isWrittenAtExit_anExistingOneIsMapped() throws Exception {
    Path archive = directory.resolve("connector.jsa");
    assertThat(ClassDataSharing.options(archive))
        .containsExactly("-XX:ArchiveClassesAtExit=" + archive);
    Files.createFile(archive);
    assertThat(ClassDataSharing.options(archive))
        .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
  }
}
