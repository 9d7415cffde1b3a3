package org.credrelay.protocolvectors;

import tools.jackson.databind.JsonNode;

/**
 * One construction of the protocol with its published vector file: how to compute the file's {@code
 * outputs} from its {@code inputs} with the project's own code.
 */
interface Construction {

  /** The file name in docs/vectors. */
  String fileName();

  /** The outputs, computed by the project's code from {@code inputs} alone. */
  JsonNode compute(JsonNode inputs) throws Exception;

  /**
   * A JSON pointer into {@code inputs} of a value (a string) whose change must change the outputs:
   * the checker's own test changes it to show that a wrong vector fails.
   */
  String inputToMutate();
}
