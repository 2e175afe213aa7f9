package io.pumplink.emulator.device;

/** Serial numbers for the n-th of many emulated devices made from one scenario. */
final class Serials {
    private static final int MAX_LENGTH = 16;

    private Serials() {
    }

    /** The scenario's serial for index 0; else its trailing number plus the index (PRG-000001 → PRG-000043). */
    static String indexed(String serial, int index) {
        if (index == 0) {
            return serial;
        }
        String stem = serial.replaceAll("\\d+$", "");
        String digits = serial.substring(stem.length());
        String number = digits.isEmpty() ? "-" + index
                : String.format("%0" + digits.length() + "d", Long.parseLong(digits) + index);
        String indexed = stem + number;
        return indexed.length() <= MAX_LENGTH ? indexed : indexed.substring(indexed.length() - MAX_LENGTH);
    }
}
