package com.example.analytics;

import java.time.LocalDate;

/** Meteorological seasons of the northern hemisphere. */
public enum Season {

	WINTER, SPRING, SUMMER, AUTUMN;

	public static Season of(LocalDate date) {
		return switch (date.getMonth()) {
			case DECEMBER, JANUARY, FEBRUARY -> WINTER;
			case MARCH, APRIL, MAY -> SPRING;
			case JUNE, JULY, AUGUST -> SUMMER;
			default -> AUTUMN;
		};
	}

}
