package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.datatype.DTM;
import ca.uhn.hl7v2.model.v26.datatype.EI;
import io.pumplink.bridge.terms.Term;
import io.pumplink.bridge.terms.Unit;
import java.math.BigDecimal;
import java.util.Calendar;
import java.util.TimeZone;

/** How PumpLink's values go into HL7 v2.6 data types: codes, units, numbers, times. */
final class Hl7Values {
    /** IHE PCD's name for the IEEE 11073-10101 coding system in CWE.3. */
    static final String MDC = "MDC";
    static final String UCUM = "UCUM";
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private Hl7Values() {
    }

    /** {@code code^REFID^MDC}, or {@code code^REFID^99PUMPLINK} for a local term. */
    static void term(CWE cwe, Term term) throws DataTypeException {
        code(cwe, term.code(), term.refId(), term.isMdc() ? MDC : Term.LOCAL_HL7_SYSTEM);
    }

    /** {@code code^MDC_DIM_...^MDC} where RTMMS has the unit, else {@code ucum^ucum^UCUM}. */
    static void unit(CWE cwe, Unit unit) throws DataTypeException {
        if (unit.hasMdc()) {
            code(cwe, Integer.toString(unit.mdcCode()), unit.mdcRefId(), MDC);
        } else {
            code(cwe, unit.ucum(), unit.ucum(), UCUM);
        }
    }

    static void code(CWE cwe, String code, String text, String system) throws DataTypeException {
        cwe.getIdentifier().setValue(code);
        cwe.getText().setValue(text);
        cwe.getNameOfCodingSystem().setValue(system);
    }

    static void id(EI ei, String identifier, String namespace) throws DataTypeException {
        ei.getEntityIdentifier().setValue(identifier);
        ei.getNamespaceID().setValue(namespace);
    }

    /** Plain decimal, no exponent, no trailing zeros: 12.345, 0.020833, 300. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** To the millisecond, in UTC with its offset, so no receiver guesses the zone. */
    static void time(DTM dtm, long epochMs) throws DataTypeException {
        Calendar calendar = Calendar.getInstance(UTC);
        calendar.setTimeInMillis(epochMs);
        dtm.setValue(calendar);
    }
}
