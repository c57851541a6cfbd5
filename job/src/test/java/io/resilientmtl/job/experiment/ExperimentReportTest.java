package io.resilientmtl.job.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ExperimentReportTest {

  @Test
  void numbersHaveFourSignificantDigits() {
    assertThat(ExperimentReport.number(7.0936)).isEqualTo("7.094");
    assertThat(ExperimentReport.number(0.013271)).isEqualTo("0.01327");
    assertThat(ExperimentReport.number(1.784e12)).isEqualTo("1.784e+12");
  }

  @Test
  void missingAndDivergedValuesAreNamed() {
    assertThat(ExperimentReport.number(Double.NaN)).isEqualTo("n/a");
    assertThat(ExperimentReport.number(Double.POSITIVE_INFINITY)).isEqualTo("∞");
    assertThat(ExperimentReport.number(Double.NEGATIVE_INFINITY)).isEqualTo("−∞");
  }

  @Test
  void numbersIgnoreTheDefaultLocale() {
    Locale previous = Locale.getDefault();
    try {
      // German writes a decimal comma, which would split a CSV cell.
      Locale.setDefault(Locale.GERMANY);
      assertThat(ExperimentReport.number(7.0936)).isEqualTo("7.094");
    } finally {
      Locale.setDefault(previous);
    }
  }
}
