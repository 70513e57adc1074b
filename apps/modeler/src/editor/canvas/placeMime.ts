export const PLACE_MIME = "application/x-flowstate-place";
