package coop.dispatch.contracts.events;

/**
 * What a rider needs at a stop besides its coordinates: the address as written, whom to meet, a phone number and the
 * merchant's notes. Any of them may be null. Personal data: kept by rider-service only for the rider who has the job.
 */
public record StopDetails(String address, String contactName, String phone, String notes) {
}
