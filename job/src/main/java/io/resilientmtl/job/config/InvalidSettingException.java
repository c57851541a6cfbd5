package io.resilientmtl.job.config;

/** A configuration value that is missing, unparsable or out of range. The message names the key. */
public class InvalidSettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String key, Object value, String expected) {
    super("Invalid value '" + value + "' for '" + key + "': expected " + expected + ".");
  }

  public InvalidSettingException(String message) {
    super(message);
  }

  public InvalidSettingException(String message, Throwable cause) {
    super(message, cause);
  }
}
