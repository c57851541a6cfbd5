package io.resilientmtl.job.attack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser of the compact attack specs used on command lines and in settings.
 *
 * <p>A spec is a kind, optionally followed by a colon and comma-separated decimal numbers. Spaces
 * around the spec and around each number are ignored.
 *
 * <pre>
 * box-constant:LOW,HIGH          one point from [LOW, HIGH)^d, the same in every round (BoxAttack)
 * box-fresh:LOW,HIGH             a new point from [LOW, HIGH)^d in every round (BoxAttack)
 * fixed:V1,...,Vd                the given parameters in every round (FixedModelAttack)
 * perturb:SIGMA                  honest mean plus N(0, SIGMA²) noise, SIGMA >= 0 (PerturbationAttack)
 * silent                         never publishes (SilentAttack)
 * intermittent:P                 silent with probability P, else the honest mean (IntermittentAttack)
 * intermittent:P,SPEC            silent with probability P, else what SPEC publishes
 * sign-flip                      minus the honest mean (SignFlipAttack)
 * scale:C                        the honest mean times C (ScalingAttack)
 * scale-random:C                 the honest mean times a fresh U[0,1)·C (RandomScalingAttack)
 * model-aware:T1,...,Td,ALPHA    honest mean moved the fraction ALPHA towards T (ModelAwareAttack)
 * model-aware-step:T1,...,Td,D   honest mean moved at most D towards T (ModelAwareAttack)
 * </pre>
 *
 * <p>In {@code intermittent:P,SPEC} everything after the first comma is the inner spec, which may
 * contain commas of its own, as in {@code intermittent:0.5,box-fresh:-20,20}.
 */
public final class AttackSpec {

  /** The accepted forms, by kind, each with an example. */
  private static final Map<String, String[]> FORMS = new LinkedHashMap<>();

  static {
    FORMS.put("box-constant", new String[] {"box-constant:LOW,HIGH", "box-constant:15,16"});
    FORMS.put("box-fresh", new String[] {"box-fresh:LOW,HIGH", "box-fresh:-20,20"});
    FORMS.put("fixed", new String[] {"fixed:V1,...,Vd", "fixed:15.5,15.5"});
    FORMS.put("perturb", new String[] {"perturb:SIGMA", "perturb:0.1"});
    FORMS.put("silent", new String[] {"silent", "silent"});
    FORMS.put(
        "intermittent",
        new String[] {"intermittent:P or intermittent:P,SPEC", "intermittent:0.5,sign-flip"});
    FORMS.put("sign-flip", new String[] {"sign-flip", "sign-flip"});
    FORMS.put("scale", new String[] {"scale:C", "scale:-3"});
    FORMS.put("scale-random", new String[] {"scale-random:C", "scale-random:0.1"});
    FORMS.put(
        "model-aware", new String[] {"model-aware:T1,...,Td,ALPHA", "model-aware:15.5,15.5,0.05"});
    FORMS.put(
        "model-aware-step",
        new String[] {"model-aware-step:T1,...,Td,D", "model-aware-step:15.5,15.5,0.5"});
  }

  private AttackSpec() {}

  /** Returns the accepted kinds, in the order of the grammar above. */
  public static List<String> kinds() {
    return List.copyOf(FORMS.keySet());
  }

  /**
   * Parses {@code spec} into an attack.
   *
   * @throws IllegalArgumentException if the spec breaks the grammar or a value is out of range. The
   *     message quotes the spec and the expected form.
   */
  public static Attack parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "Attack spec is empty; expected one of " + String.join(", ", usages()));
    }
    String trimmed = spec.strip();
    int colon = trimmed.indexOf(':');
    String kind = colon < 0 ? trimmed : trimmed.substring(0, colon).strip();
    String arguments = colon < 0 ? null : trimmed.substring(colon + 1);
    String[] form = FORMS.get(kind);
    if (form == null) {
      throw new IllegalArgumentException(
          "Unknown attack kind '"
              + kind
              + "' in spec '"
              + spec
              + "'; expected one of "
              + String.join(", ", usages()));
    }
    try {
      return build(kind, arguments, spec);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException(
          "Invalid attack spec '"
              + spec
              + "': "
              + e.getMessage()
              + "; expected "
              + form[0]
              + ", such as "
              + form[1],
          e);
    } catch (IllegalArgumentException e) {
      // A constructor rejected a value, such as low >= high.
      throw new IllegalArgumentException(
          "Invalid attack spec '" + spec + "': " + e.getMessage() + "; expected " + form[0], e);
    }
  }

  private static Attack build(String kind, String arguments, String spec) {
    switch (kind) {
      case "silent":
        noArguments(arguments);
        return new SilentAttack();
      case "sign-flip":
        noArguments(arguments);
        return new SignFlipAttack();
      case "intermittent":
        return intermittent(arguments);
      default:
        break;
    }
    double[] values = numbers(arguments);
    switch (kind) {
      case "box-constant":
        requireCount(values, 2);
        return new BoxAttack(values[0], values[1], BoxAttack.Draw.CONSTANT);
      case "box-fresh":
        requireCount(values, 2);
        return new BoxAttack(values[0], values[1], BoxAttack.Draw.FRESH);
      case "fixed":
        return new FixedModelAttack(values);
      case "perturb":
        requireCount(values, 1);
        return new PerturbationAttack(values[0]);
      case "scale":
        requireCount(values, 1);
        return new ScalingAttack(values[0]);
      case "scale-random":
        requireCount(values, 1);
        return new RandomScalingAttack(values[0]);
      case "model-aware":
        requireAtLeast(values, 2);
        return ModelAwareAttack.fraction(
            Arrays.copyOf(values, values.length - 1), values[values.length - 1]);
      case "model-aware-step":
        requireAtLeast(values, 2);
        return ModelAwareAttack.boundedStep(
            Arrays.copyOf(values, values.length - 1), values[values.length - 1]);
      default:
        throw new IllegalStateException(
            "Attack kind " + kind + " of spec " + spec + " has no parser");
    }
  }

  private static Attack intermittent(String arguments) {
    if (arguments == null) {
      throw new InvalidSpecException("the probability P is missing");
    }
    int comma = arguments.indexOf(',');
    double probability = number(comma < 0 ? arguments : arguments.substring(0, comma));
    if (comma < 0) {
      return IntermittentAttack.copyingHonestMean(probability);
    }
    String inner = arguments.substring(comma + 1);
    Attack active;
    try {
      active = parse(inner);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("inner spec: " + e.getMessage());
    }
    return new IntermittentAttack(probability, active);
  }

  private static void noArguments(String arguments) {
    if (arguments != null) {
      throw new InvalidSpecException("this kind takes no values, got '" + arguments + "'");
    }
  }

  private static double[] numbers(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      throw new InvalidSpecException("the values are missing");
    }
    String[] fields = arguments.split(",", -1);
    double[] values = new double[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = number(fields[i]);
    }
    return values;
  }

  private static double number(String field) {
    String value = field.strip();
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new InvalidSpecException("'" + value + "' is not a decimal number");
    }
  }

  private static void requireCount(double[] values, int count) {
    if (values.length != count) {
      throw new InvalidSpecException(
          "got " + values.length + (values.length == 1 ? " value" : " values") + ", not " + count);
    }
  }

  private static void requireAtLeast(double[] values, int count) {
    if (values.length < count) {
      throw new InvalidSpecException(
          "got "
              + values.length
              + (values.length == 1 ? " value" : " values")
              + ", expected at least "
              + count);
    }
  }

  private static String[] usages() {
    return FORMS.values().stream().map(form -> form[0]).toArray(String[]::new);
  }

  /** A spec that breaks the grammar; {@link #parse} adds the spec and the expected form. */
  private static final class InvalidSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidSpecException(String message) {
      super(message);
    }
  }
}
