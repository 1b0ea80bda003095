/// The library's epoch steps, one file each (see <doc:Simulations> and <doc:WalletsAndLearning>).
enum Steps {}
