// Package workbooks maps what the models package loads (an itinerary, a whole mission, the roster,
// the rooming list) onto the plain data the exports package writes, so the web pages and the command
// line download the same workbooks. It knows neither the database nor Fiber.
package workbooks
